package dev.jgpt.util;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 log axis whose ticks sit on round values (1, 2, 5 x 10^k, or 1..9 x 10^k for
 * narrow ranges such as losses between 2 and 4). JFreeChart's own LogAxis labels evenly
 * spaced fractional powers ("10^0.94"), which are unreadable on scaling-law plots.
 */
final class NiceLogAxis extends LogAxis {
    private static final int[][] MANTISSAS = {{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
    private static final int MIN_TICKS = 4, MAX_TICKS = 12;

    NiceLogAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-300);
        // Fallback ticks (range narrower than any round set) get plain labels, not "10^0.3012".
        setNumberFormatOverride(new SignificantDigits());
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List ticks = roundTicks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        return ticks != null ? ticks : super.refreshTicksHorizontal(g2, dataArea, edge);
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List ticks = roundTicks(edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
        return ticks != null ? ticks : super.refreshTicksVertical(g2, dataArea, edge);
    }

    /** The sparsest round tick set with enough ticks; null when the range is too narrow for any. */
    private List<NumberTick> roundTicks(TextAnchor anchor) {
        double lo = getRange().getLowerBound(), hi = getRange().getUpperBound();
        if (!(lo > 0) || !(hi > lo)) return null;
        int kLo = (int) Math.floor(Math.log10(lo)), kHi = (int) Math.ceil(Math.log10(hi));
        for (int[] mantissas : MANTISSAS) {
            List<double[]> vals = new ArrayList<>(); // {mantissa, exponent}
            for (int k = kLo; k <= kHi; k++)
                for (int m : mantissas) {
                    double v = m * Math.pow(10, k);
                    if (v >= lo && v <= hi) vals.add(new double[]{m, k});
                }
            if (vals.size() < MIN_TICKS && mantissas.length < 9) continue;
            if (vals.size() < 2) return null;
            int stride = (vals.size() + MAX_TICKS - 1) / MAX_TICKS; // many decades: label every n-th
            List<NumberTick> ticks = new ArrayList<>();
            for (int i = 0; i < vals.size(); i += stride) {
                int m = (int) vals.get(i)[0], k = (int) vals.get(i)[1];
                double v = m * Math.pow(10, k);
                ticks.add(new NumberTick(TickType.MAJOR, v, label(m, k), anchor, anchor, 0.0));
            }
            return ticks;
        }
        return null;
    }

    /** Four significant digits, plain notation: "2.015", "0.0001234". */
    private static final class SignificantDigits extends NumberFormat {
        @Override public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            if (!Double.isFinite(v)) return to.append(v);
            return to.append(new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString());
        }
        @Override public StringBuffer format(long v, StringBuffer to, FieldPosition pos) { return to.append(v); }
        @Override public Number parse(String s, ParsePosition pos) { throw new UnsupportedOperationException(); }
    }

    /** "0.02", "300", "5000" in the readable middle; "1e6", "3e-5" beyond it. */
    static String label(int mantissa, int exponent) {
        if (exponent >= -3 && exponent <= 3) return BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).toPlainString();
        return mantissa + "e" + exponent;
    }
}
