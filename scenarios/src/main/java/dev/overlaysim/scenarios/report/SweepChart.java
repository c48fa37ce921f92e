package dev.overlaysim.scenarios.report;

import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.Sweep;
import dev.overlaysim.scenarios.run.SweepGrid;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load curve as one picture (SVG, drawn with JFreeChart into JFreeSVG, no display needed):
 * above, delivered against offered datagrams per second, one line per backend, with the
 * "delivered = offered" diagonal; below, CPU time per delivered packet. The seed's claim, that the
 * UDP backend is the slowest because of its copies and context switches, is where its line bends
 * away from the diagonal first and sits highest below. For {@code overlaysim sweep} with several
 * seeds, each line is the mean over the seeds and a bar at each rate spans their min–max.
 */
public final class SweepChart {
    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c)};

    private SweepChart() {}

    private static final java.awt.Shape[] SHAPES = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();

    /** One point of a backend's curve: the offered rate and, over the seeds, mean, min and max of what is drawn. */
    private record Pt(double offered, double delivered, double deliveredMin, double deliveredMax,
                      double cpu, double cpuMin, double cpuMax) {}

    /** The load curve of {@code overlaysim run}: one run per backend and rate. */
    public static String svg(Sweep sweep, String title) {
        Map<String, List<Pt>> curves = new LinkedHashMap<>();
        for (Map.Entry<String, List<ScenarioResult>> e : sweep.byBackend().entrySet()) {
            List<Pt> pts = new ArrayList<>();
            for (int i = 0; i < sweep.rates().size(); i++) {
                Sweep.Point p = sweep.point(i, e.getValue().get(i));
                pts.add(new Pt(p.offeredPps(), p.deliveredPps(), p.deliveredPps(), p.deliveredPps(),
                        p.cpuNanosPerPacket(), p.cpuNanosPerPacket(), p.cpuNanosPerPacket()));
            }
            curves.put(e.getKey(), pts);
        }
        return draw(curves, title, false);
    }

    /**
     * The grid of {@code overlaysim sweep}: per backend, the mean over the seeds as the line and, with
     * more than one seed, the min–max over the seeds as an error bar at each rate.
     *
     * @param results one per cell of {@code grid}, in cell order
     */
    public static String svg(SweepGrid.Layout grid, List<SweepGrid.CellResult> results, String title) {
        Map<String, List<Pt>> curves = new LinkedHashMap<>();
        for (SweepGridReport.Row r : SweepGridReport.rows(grid, results)) {
            curves.computeIfAbsent(r.backend(), b -> new ArrayList<>()).add(new Pt(r.offeredPps(), r.deliveredPps(),
                    r.deliveredMinPps(), r.deliveredMaxPps(), r.cpuNanosPerPacket(), r.cpuMinNanos(), r.cpuMaxNanos()));
        }
        return draw(curves, title, grid.seeds().size() > 1);
    }

    private static String draw(Map<String, List<Pt>> curves, String title, boolean spread) {
        System.setProperty("java.awt.headless", "true");
        YIntervalSeriesCollection delivered = new YIntervalSeriesCollection();
        YIntervalSeriesCollection cpu = new YIntervalSeriesCollection();
        double maxOffered = 0;
        for (Map.Entry<String, List<Pt>> e : curves.entrySet()) {
            YIntervalSeries d = new YIntervalSeries(e.getKey());
            YIntervalSeries c = new YIntervalSeries(e.getKey());
            for (Pt p : e.getValue()) {
                d.add(p.offered() / 1000, p.delivered() / 1000, p.deliveredMin() / 1000, p.deliveredMax() / 1000);
                c.add(p.offered() / 1000, p.cpu() / 1000, p.cpuMin() / 1000, p.cpuMax() / 1000);
                maxOffered = Math.max(maxOffered, p.offered() / 1000);
            }
            delivered.addSeries(d);
            cpu.addSeries(c);
        }
        YIntervalSeries diagonal = new YIntervalSeries("delivered = offered");
        diagonal.add(0, 0, 0, 0);
        diagonal.add(maxOffered, maxOffered, maxOffered, maxOffered);
        delivered.addSeries(diagonal);

        NumberAxis offered = new NumberAxis("offered (thousand datagrams per second)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(offered);
        plot.setGap(12);
        plot.add(subplot(delivered, spread ? "delivered (k datagrams/s; mean, bar: min–max over seeds)" : "delivered (k datagrams/s)",
                true, spread), 3);
        plot.add(subplot(cpu, "CPU per delivered packet (µs, all nodes)", false, spread), 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(900, 700);
        g.setDefsKeyPrefix("overlaysim-"); // the default prefix is the clock: the same run must give the same bytes
        chart.draw(g, new Rectangle(0, 0, 900, 700));
        return g.getSVGDocument() + "\n";
    }

    private static XYPlot subplot(YIntervalSeriesCollection data, String label, boolean withDiagonal, boolean spread) {
        XYLineAndShapeRenderer renderer;
        if (spread) {
            XYErrorRenderer errors = new XYErrorRenderer();
            errors.setDrawXError(false);
            errors.setDefaultLinesVisible(true);
            renderer = errors;
        } else {
            renderer = new XYLineAndShapeRenderer(true, true);
        }
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean diagonal = withDiagonal && i == data.getSeriesCount() - 1;
            renderer.setSeriesPaint(i, diagonal ? Color.GRAY : COLORS[i % COLORS.length]);
            // The same backend keeps its colour and marker in both plots, and is named once in the legend.
            renderer.setSeriesShape(i, SHAPES[i % SHAPES.length]);
            if (!withDiagonal) renderer.setSeriesVisibleInLegend(i, false);
            if (diagonal) {
                renderer.setSeriesShapesVisible(i, false);
                renderer.setSeriesStroke(i, new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {4f, 4f}, 0f));
            }
        }
        XYPlot p = new XYPlot(data, null, new NumberAxis(label), renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
