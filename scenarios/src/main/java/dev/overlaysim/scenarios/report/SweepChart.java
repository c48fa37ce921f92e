package dev.overlaysim.scenarios.report;

import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.Sweep;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;

/**
 * The load curve as one picture (SVG, drawn with JFreeChart into JFreeSVG, no display needed):
 * above, delivered against offered datagrams per second, one line per backend, with the
 * "delivered = offered" diagonal; below, CPU time per delivered packet. The seed's claim, that the
 * UDP backend is the slowest because of its copies and context switches, is where its line bends
 * away from the diagonal first and sits highest below.
 */
public final class SweepChart {
    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c)};

    private SweepChart() {}

    private static final java.awt.Shape[] SHAPES = org.jfree.chart.plot.DefaultDrawingSupplier.createStandardSeriesShapes();

    public static String svg(Sweep sweep, String title) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection delivered = new XYSeriesCollection();
        XYSeriesCollection cpu = new XYSeriesCollection();
        double maxOffered = 0;
        for (Map.Entry<String, List<ScenarioResult>> e : sweep.byBackend().entrySet()) {
            XYSeries d = new XYSeries(e.getKey());
            XYSeries c = new XYSeries(e.getKey());
            for (int i = 0; i < sweep.rates().size(); i++) {
                Sweep.Point p = sweep.point(i, e.getValue().get(i));
                d.add(p.offeredPps() / 1000, p.deliveredPps() / 1000);
                c.add(p.offeredPps() / 1000, p.cpuNanosPerPacket() / 1000);
                maxOffered = Math.max(maxOffered, p.offeredPps() / 1000);
            }
            delivered.addSeries(d);
            cpu.addSeries(c);
        }
        XYSeries diagonal = new XYSeries("delivered = offered");
        diagonal.add(0, 0);
        diagonal.add(maxOffered, maxOffered);
        delivered.addSeries(diagonal);

        NumberAxis offered = new NumberAxis("offered (thousand datagrams per second)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(offered);
        plot.setGap(12);
        plot.add(subplot(delivered, "delivered (k datagrams/s)", true), 3);
        plot.add(subplot(cpu, "CPU per delivered packet (µs, all nodes)", false), 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(900, 700);
        g.setDefsKeyPrefix("overlaysim-"); // the default prefix is the clock: the same run must give the same bytes
        chart.draw(g, new Rectangle(0, 0, 900, 700));
        return g.getSVGDocument() + "\n";
    }

    private static XYPlot subplot(XYSeriesCollection data, String label, boolean withDiagonal) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
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
