package dev.jgpt.util;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PNG charts for training runs (loss curves) and scaling-law studies (scatter plus fitted
 * line, optionally log-log), drawn with JFreeChart off-screen and written atomically.
 * Non-finite points (a diverged loss) and, on log axes, non-positive ones are skipped rather
 * than failing the plot, since plots are diagnostics of runs that may have gone wrong.
 */
public final class Plots {
    private Plots() {}

    static {
        // Charts are rendered off-screen; headless mode lets this work on servers without a display.
        // Respect an explicit -Djava.awt.headless=false.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 1000, HEIGHT = 600;

    private static final Color TRAIN = new Color(0x1f77b4), VAL = new Color(0xd62728), FIT = new Color(0xff7f0e);

    /** Train and validation loss against step; each point is {step, loss}. */
    public static void lossCurve(Path png, List<double[]> trainPoints, List<double[]> valPoints, String title)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("train", trainPoints, false));
        data.addSeries(series("val", valPoints, false));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        style(r, 0, TRAIN, true, false, 1.2f);
        style(r, 1, VAL, true, true, 2f);
        NumberAxis x = new NumberAxis("step"), y = new NumberAxis("loss");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        write(png, chart(title, new XYPlot(data, x, y, r)));
    }

    /**
     * Measured points {@code (xs[i], ys[i])} as markers and a fitted curve {@code (fitXs, fitYs)}
     * as a line (either fit array may be null for no fit). With {@code logLog} both axes are
     * base-10 logarithmic, where power laws appear straight.
     */
    public static void scatterWithFit(Path png, double[] xs, double[] ys, double[] fitXs, double[] fitYs,
                                      String title, String xLabel, String yLabel, boolean logLog) throws IOException {
        if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length: " + xs.length + " vs " + ys.length);
        boolean hasFit = fitXs != null && fitYs != null;
        if (hasFit && fitXs.length != fitYs.length)
            throw new IllegalArgumentException("fitXs and fitYs differ in length: " + fitXs.length + " vs " + fitYs.length);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("measured", xs, ys, logLog));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        style(r, 0, TRAIN, false, true, 1f);
        if (hasFit) {
            data.addSeries(series("fit", fitXs, fitYs, logLog));
            style(r, 1, FIT, true, false, 2f);
        }
        ValueAxis x = axis(xLabel, logLog), y = axis(yLabel, logLog);
        write(png, chart(title, new XYPlot(data, x, y, r)));
    }

    /**
     * Grouped bars: one group per category, one bar per series in each group (e.g. a model's
     * accuracy under several decoding methods). {@code values.get(series)[i]} belongs to
     * {@code categories.get(i)}; NaN leaves a gap.
     */
    public static void groupedBars(Path png, String title, String yLabel, List<String> categories,
                                   java.util.Map<String, double[]> values) throws IOException {
        org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
        for (java.util.Map.Entry<String, double[]> e : values.entrySet()) {
            if (e.getValue().length != categories.size())
                throw new IllegalArgumentException("series " + e.getKey() + " has " + e.getValue().length + " values for " + categories.size() + " categories");
            for (int i = 0; i < categories.size(); i++)
                if (Double.isFinite(e.getValue()[i])) data.addValue(e.getValue()[i], e.getKey(), categories.get(i));
        }
        org.jfree.chart.plot.CategoryPlot plot = new org.jfree.chart.plot.CategoryPlot(data, new org.jfree.chart.axis.CategoryAxis(),
                new NumberAxis(yLabel), new org.jfree.chart.renderer.category.BarRenderer());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        write(png, chart);
    }

    private static ValueAxis axis(String label, boolean log) {
        if (!log) {
            NumberAxis a = new NumberAxis(label);
            a.setAutoRangeIncludesZero(false);
            return a;
        }
        return new NiceLogAxis(label);
    }

    private static XYSeries series(String name, List<double[]> points, boolean positiveOnly) {
        XYSeries s = new XYSeries(name, true, true);
        if (points != null) for (double[] p : points) add(s, p[0], p[1], positiveOnly);
        return s;
    }

    private static XYSeries series(String name, double[] xs, double[] ys, boolean positiveOnly) {
        XYSeries s = new XYSeries(name, true, true);
        for (int i = 0; i < xs.length; i++) add(s, xs[i], ys[i], positiveOnly);
        return s;
    }

    private static void add(XYSeries s, double x, double y, boolean positiveOnly) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) return;
        if (positiveOnly && (x <= 0 || y <= 0)) return;
        s.add(x, y);
    }

    private static void style(XYLineAndShapeRenderer r, int i, Color c, boolean lines, boolean shapes, float width) {
        r.setSeriesPaint(i, c);
        r.setSeriesLinesVisible(i, lines);
        r.setSeriesShapesVisible(i, shapes);
        r.setSeriesStroke(i, new BasicStroke(width));
        r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xcccccc));
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        plot.setNoDataMessage("no data");
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void write(Path png, JFreeChart chart) throws IOException {
        AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
    }
}
