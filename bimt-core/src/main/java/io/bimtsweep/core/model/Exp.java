package io.bimtsweep.core.model;

/**
 * e^x from additions, multiplications, fused multiply-adds ({@link Math#fma}, exactly rounded, so
 * the same on every machine) and bit operations only, so that it gives the same bits on
 * every JVM and machine, one value at a time or in vectors of any width ({@code Math.exp} is only
 * required to be within an ulp, and HotSpot's intrinsic differs between platforms). Error about
 * one ulp: x = k ln 2 + r with |r| <= ln 2 / 2 (k by round-to-nearest through a shifted addition,
 * ln 2 split in two so k ln 2 is exact), e^r by its Taylor series to r^13 (truncation below
 * 1e-17) in fused multiply-adds, then scaled by 2^k through the exponent bits.
 *
 * <p>Arguments are clamped to [-708, 709], where the scaling stays a normal number: e^x for x
 * below -708 comes out as e^-708 (3.3e-308) instead of a smaller or zero value, and above 709 as
 * e^709 (8.2e307) instead of infinity. The activations and the softmax that use it cannot tell.
 * NaN gives NaN.
 */
public final class Exp {
  /** Lowest and highest arguments, and the constants of the reduction. Shared with the vector version. */
  public static final double LOW = -708;
  public static final double HIGH = 709;
  public static final double INV_LN2 = 1.4426950408889634;
  /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
  public static final double ROUND = 6755399441055744.0;
  /** ln 2 in two parts: the high part ends in 21 zero bits, so k * LN2_HI is exact for |k| < 2^21 (fdlibm's split). */
  public static final double LN2_HI = 0.6931471803691238;
  public static final double LN2_LO = 1.9082149292705877e-10;
  /** 1/n! for n = 13 down to 2: the Taylor coefficients, Horner order. */
  public static final double C13 = 1.6059043836821613e-10;
  public static final double C12 = 2.08767569878681e-09;
  public static final double C11 = 2.505210838544172e-08;
  public static final double C10 = 2.755731922398589e-07;
  public static final double C9 = 2.7557319223985893e-06;
  public static final double C8 = 2.48015873015873e-05;
  public static final double C7 = 1.984126984126984e-04;
  public static final double C6 = 1.388888888888889e-03;
  public static final double C5 = 8.333333333333333e-03;
  public static final double C4 = 4.1666666666666664e-02;
  public static final double C3 = 1.6666666666666666e-01;
  public static final double C2 = 0.5;

  private Exp() {}

  /** Added to the bits of x / ln 2 + ROUND gives k + 1023, the biased exponent of 2^k. */
  public static final long EXPONENT_FROM_SHIFTED = 1023 - Double.doubleToRawLongBits(ROUND);

  public static double exp(double x) {
    double c = Math.min(Math.max(x, LOW), HIGH);
    double shifted = Math.fma(c, INV_LN2, ROUND);
    double k = shifted - ROUND;
    double r = Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, c));
    double p = Math.fma(r, C13, C12);
    p = Math.fma(p, r, C11);
    p = Math.fma(p, r, C10);
    p = Math.fma(p, r, C9);
    p = Math.fma(p, r, C8);
    p = Math.fma(p, r, C7);
    p = Math.fma(p, r, C6);
    p = Math.fma(p, r, C5);
    p = Math.fma(p, r, C4);
    p = Math.fma(p, r, C3);
    p = Math.fma(p, r, C2);
    p = Math.fma(Math.fma(p, r, 1.0), r, 1.0);
    return p * Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) + EXPONENT_FROM_SHIFTED) << 52);
  }
}
