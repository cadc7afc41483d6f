package io.bimtsweep.core.model;

/**
 * e^x in float32 from float additions, multiplications, fused multiply-adds and bit operations only: {@link Exp}'s
 * method at single precision, so that the float32 engine's activations and softmax give the same
 * bits on every JVM and machine, one value at a time or in vectors of any width. x = k ln 2 + r
 * with |r| <= ln 2 / 2 (ln 2 split as in fdlibm's expf, so k ln 2 is exact), e^r by its Taylor
 * series to r^7 (truncation below 3e-9, under float's half ulp), scaled by 2^k through the
 * exponent bits. Error about two ulps of float.
 *
 * <p>Arguments are clamped to [-87, 88], where the scaling stays a normal float: e^x below -87
 * comes out as e^-87 (1.6e-38) instead of a smaller or zero value, and above 88 as e^88 (1.7e38)
 * instead of infinity. NaN gives NaN.
 */
public final class ExpF {
  public static final float LOW = -87f;
  public static final float HIGH = 88f;
  public static final float INV_LN2 = 1.44269502f;
  /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
  public static final float ROUND = 12582912f;
  /** ln 2 in two parts (fdlibm's expf): k * LN2_HI is exact for the k that occur here. */
  public static final float LN2_HI = 6.9314575195e-01f;
  public static final float LN2_LO = 1.4286067653e-06f;
  /** 1/n! for n = 7 down to 2, Horner order. */
  public static final float C7 = 1.98412698e-4f;
  public static final float C6 = 1.38888889e-3f;
  public static final float C5 = 8.33333333e-3f;
  public static final float C4 = 4.16666667e-2f;
  public static final float C3 = 1.66666667e-1f;
  public static final float C2 = 0.5f;
  /** Added to the bits of x / ln 2 + ROUND gives k + 127, the biased exponent of 2^k. */
  public static final int EXPONENT_FROM_SHIFTED = 127 - Float.floatToRawIntBits(ROUND);

  private ExpF() {}

  public static float exp(float x) {
    float c = Math.min(Math.max(x, LOW), HIGH);
    float shifted = Math.fma(c, INV_LN2, ROUND);
    float k = shifted - ROUND;
    float r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, c));
    float p = Math.fma(r, C7, C6);
    p = Math.fma(p, r, C5);
    p = Math.fma(p, r, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    p = Math.fma(Math.fma(p, r, 1f), r, 1f);
    return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) + EXPONENT_FROM_SHIFTED) << 23);
  }
}
