package io.bimtsweep.core.train;

/** Facts about the engine's numeric back end, for provenance. */
public final class NumericBackend {
  private NumericBackend() {}

  /** The netlib BLAS implementation in use for wide layers: JNIBLAS (system BLAS), VectorBLAS or Java11BLAS. */
  public static String blas() {
    return Dense.implementation();
  }
}
