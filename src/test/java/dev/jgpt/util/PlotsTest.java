package dev.jgpt.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PlotsTest {
    @TempDir Path tmp;

    private static BufferedImage decode(Path png) throws Exception {
        assertTrue(Files.size(png) > 1000, "non-trivial PNG");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "decodes as an image");
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        return img;
    }

    /** A chart is more than its white background: some pixels must be coloured. */
    private static void assertHasInk(BufferedImage img) {
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) coloured++;
        assertTrue(coloured > 500, "pixels drawn: " + coloured);
    }

    static List<double[]> trainCurve() {
        List<double[]> pts = new ArrayList<>();
        for (int s = 0; s <= 5000; s += 10) pts.add(new double[]{s, 1.5 + 9.4 * Math.exp(-s / 600.0) + 0.08 * Math.sin(s * 0.37)});
        return pts;
    }

    static List<double[]> valCurve() {
        List<double[]> pts = new ArrayList<>();
        for (int s = 0; s <= 5000; s += 500) pts.add(new double[]{s, 1.6 + 9.3 * Math.exp(-s / 650.0)});
        return pts;
    }

    @Test void lossCurvePng() throws Exception {
        Path png = tmp.resolve("plots/loss.png");
        List<double[]> train = trainCurve();
        train.add(new double[]{5010, Double.NaN}); // a diverged step must not break the plot
        Plots.lossCurve(png, train, valCurve(), "tiny-shakespeare, 6L/384d");
        assertHasInk(decode(png));
        try (var s = Files.list(png.getParent())) { assertEquals(1, s.count(), "no temp files left"); }
    }

    @Test void lossCurveWithoutData() throws Exception {
        Path png = tmp.resolve("empty.png");
        Plots.lossCurve(png, List.of(), null, "nothing yet");
        decode(png);
    }

    @Test void scatterWithFitLogLogAndLinear() throws Exception {
        double[] n = {1e5, 3e5, 1e6, 3e6, 1e7, 3e7}, loss = new double[n.length];
        double[] fx = new double[50], fy = new double[50];
        for (int i = 0; i < n.length; i++) loss[i] = 1.7 + 400 * Math.pow(n[i], -0.35) * (1 + 0.02 * (i % 2));
        for (int i = 0; i < fx.length; i++) {
            fx[i] = 1e5 * Math.pow(300, i / 49.0);
            fy[i] = 1.7 + 400 * Math.pow(fx[i], -0.35);
        }
        Path log = tmp.resolve("scaling-log.png");
        Plots.scatterWithFit(log, n, loss, fx, fy, "loss vs parameters", "parameters N", "val loss", true);
        assertHasInk(decode(log));
        Path lin = tmp.resolve("scaling-lin.png");
        Plots.scatterWithFit(lin, n, loss, null, null, "no fit", "N", "loss", false);
        assertHasInk(decode(lin));
    }

    @Test void logAxesSurviveExtremeAndDegenerateRanges() throws Exception {
        double[][] cases = {
                {1e-8, 1e-4, 1, 1e4, 1e8, 1e12},   // 20 decades: thinned labels
                {2.00, 2.01, 2.02, 2.03},          // narrower than any round tick: JFreeChart's own ticks
                {5, 5, 5},                         // a single value
                {-1, 0, 3, Double.NaN, 10},        // non-positive and NaN points are skipped
        };
        for (int i = 0; i < cases.length; i++) {
            Path png = tmp.resolve("log" + i + ".png");
            Plots.scatterWithFit(png, cases[i], cases[i], null, null, "case " + i, "x", "y", true);
            decode(png);
        }
    }

    @Test void logTickLabels() {
        assertEquals("1e6", NiceLogAxis.label(1, 6));
        assertEquals("5000", NiceLogAxis.label(5, 3));
        assertEquals("0.002", NiceLogAxis.label(2, -3));
        assertEquals("3e-5", NiceLogAxis.label(3, -5));
        assertEquals("7", NiceLogAxis.label(7, 0));
    }

    @Test void mismatchedArraysRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Plots.scatterWithFit(tmp.resolve("x.png"), new double[2], new double[3], null, null, "", "", "", false));
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }
}
