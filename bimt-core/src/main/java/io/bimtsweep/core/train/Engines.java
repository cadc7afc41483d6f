package io.bimtsweep.core.train;

/** Facts about the numeric back end, for provenance. */
public final class Engines {
  private Engines() {}

  /** The netlib BLAS implementation in use: JNIBLAS (system BLAS), VectorBLAS or Java11BLAS. */
  public static String blasImplementation() {
    return Dense.implementation();
  }
}
