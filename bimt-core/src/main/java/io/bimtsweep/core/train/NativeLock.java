package io.bimtsweep.core.train;

/**
 * One lock for every call into native BLAS and LAPACK. Debian's serial OpenBLAS (which also
 * provides LAPACK) shares its buffers between callers without locking, so two threads inside it
 * at once can get wrong numbers; a local[2] sweep runs two trials in one JVM. Native calls take
 * turns; the pure-Java implementations need no lock.
 */
public final class NativeLock {
  public static final Object LOCK = new Object();

  private NativeLock() {}

  /** Whether a netlib implementation object is native code (netlib's JNI classes). */
  public static boolean isNative(Object implementation) {
    return implementation.getClass().getSimpleName().startsWith("JNI");
  }
}
