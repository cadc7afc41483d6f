package io.bimtsweep.core.train;

/** Facts about the engine's numeric back end, for provenance. */
public final class NumericBackend {
  private NumericBackend() {}

  /** The netlib BLAS implementation in use for wide layers: JNIBLAS (system BLAS), VectorBLAS or Java11BLAS. */
  public static String blas() {
    return Dense.implementation();
  }

  /**
   * What float64 training uses for wide layers: "none" where the engine's own kernels compute every
   * product (the Vector API is present; {@link WideKernels}), else the BLAS.
   */
  public static String float64Blas() {
    return Dense.wideOnBlas() ? blas() : "none";
  }
}
