package io.inkflow.simulator.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scatter of the policies as SVG: x is the mean ink left at arrival, y the stock-out days, one
 * labelled point (a {@code circle} with class {@code policy}) per policy. A policy none of whose
 * replacements arrived within the trace sits at x = 0 with "(no arrival)" in its label.
 */
public final class BacktestChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final int TICKS = 5;
    private static final double LINE = 14;
    private static final double CHAR_WIDTH = 7;

    private BacktestChart() {
    }

    public static void write(List<PolicyResult> results, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, svg(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write chart " + file, e);
        }
    }

    public static String svg(List<PolicyResult> results) {
        double xMax = niceMax(results.stream().mapToDouble(BacktestChart::x).max().orElse(0));
        double yMax = niceMax(results.stream().mapToDouble(PolicyResult::stockOutDays).max().orElse(0));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" \
                font-family="sans-serif" font-size="12">
                <rect width="100%%" height="100%%" fill="white"/>
                <text x="%d" y="22" font-size="15">Stock-out days against ink left at arrival</text>
                """, WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT));
        int x0 = LEFT;
        int y0 = TOP + plotHeight;
        svg.append(line(x0, y0, x0 + plotWidth, y0)).append(line(x0, y0, x0, TOP));
        for (int i = 0; i <= TICKS; i++) {
            double fx = LEFT + plotWidth * i / (double) TICKS;
            double fy = y0 - plotHeight * i / (double) TICKS;
            svg.append(line(fx, y0, fx, y0 + 5)).append(text(fx, y0 + 20, "middle", number(xMax * i / TICKS)));
            svg.append(line(x0 - 5, fy, x0, fy)).append(text(x0 - 8, fy + 4, "end", number(yMax * i / TICKS)));
        }
        svg.append(text(LEFT + plotWidth / 2.0, HEIGHT - 15, "middle",
                "mean ink left in the cartridge when its replacement arrives (%)"));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2, "stock-out days"));
        List<double[]> placed = new ArrayList<>();
        for (PolicyResult r : results) {
            double px = LEFT + plotWidth * x(r) / xMax;
            double py = y0 - plotHeight * r.stockOutDays() / yMax;
            String label = r.policy() + (r.inkLeftMeanPercent() == null ? " (no arrival)" : "");
            svg.append(String.format(Locale.ROOT, "<circle class=\"policy\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" "
                    + "fill=\"#1f6fb2\"><title>%s</title></circle>%n", px, py, escape(label)));
            svg.append(text(px + 8, labelY(placed, px + 8, py, label.length() * CHAR_WIDTH), "start", label));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Just above the point, or the nearest free line above that, so close points keep readable labels. */
    private static double labelY(List<double[]> placed, double x, double pointY, double width) {
        for (int step = 0; ; step++) {
            double y = pointY - 6 - LINE * step;
            boolean free = placed.stream()
                    .noneMatch(p -> Math.abs(p[1] - y) < LINE && x < p[0] + p[2] && p[0] < x + width);
            if (free) {
                placed.add(new double[] {x, y, width});
                return y;
            }
        }
    }

    private static double x(PolicyResult r) {
        return r.inkLeftMeanPercent() == null ? 0 : r.inkLeftMeanPercent();
    }

    /** The smallest 1, 2 or 5 times a power of ten that {@link #TICKS} ticks reach at or beyond {@code max}. */
    static double niceMax(double max) {
        if (max <= 0) {
            return TICKS;
        }
        double raw = max / TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw) {
                return factor * magnitude * TICKS;
            }
        }
        return 10 * magnitude * TICKS;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
                x1, y1, x2, y2);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor,
                escape(content));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
