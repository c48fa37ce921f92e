package dev.overlaysim.scenarios.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the topology as SVG with a fixed, deterministic layout (no Graphviz): the nodes of each
 * segment in rows of up to {@value #COLUMNS}, the segment as a bar under them, routers in a column
 * on the right with a line from each NIC to its segment. Each node is a box with two bands, user
 * space (flanneld, the containers' processes) over the kernel (the root namespace's IP stack and
 * devices, then each container's namespace with its stack and eth0): containers share their node's
 * kernel, and every copy between the two bands is a cost the walk counts.
 *
 * <p>Every drawn place is a {@code <g class="place" data-place="ID">} with the id the walk gives
 * the place ({@code node1/eth0}, {@code node1 flanneld}, {@code node1} for its IP stack), so the
 * step-through view highlights the hop's place by id. Same topology and extras, same bytes.
 */
public final class TopologySvg {

    /** A place the scenario file does not declare but a run showed: a container's process ({@code container-1 ping}). */
    public record Extra(String host, String id, String name, String label) { }

    /** The band titles and the stack's name, in the view's language. */
    public record Words(String userSpace, String kernel, String ipStack) {
        public static final Words EN = new Words("user space", "kernel", "IP stack");
        public static final Words ZH = new Words("用户态", "内核态", "协议栈");
    }

    static final int COLUMNS = 4;
    private static final int NODE_W = 280;
    private static final int GAP = 24;
    private static final int CELL_W = 84;
    private static final int CELL_H = 30;
    private static final int PAD = 8;
    private static final int TITLE = 22;
    private static final int BAND_TITLE = 16;
    private static final int CELLS_PER_ROW = 3;
    private static final int ROUTER_W = 2 * CELL_W + 3 * PAD;
    private static final int BAR_H = 12;
    private static final int MARGIN = 20;

    private final Topology topology;
    private final Map<String, List<Extra>> extras = new LinkedHashMap<>();
    private final Words words;
    private final StringBuilder lines = new StringBuilder();
    private final StringBuilder boxes = new StringBuilder();

    private TopologySvg(Topology topology, List<Extra> extraPlaces, Words words) {
        this.topology = topology;
        this.words = words;
        for (Extra e : extraPlaces) extras.computeIfAbsent(e.host(), k -> new ArrayList<>()).add(e);
    }

    /** The drawing of {@code topology}, with {@code extraPlaces} in their hosts' user bands. */
    public static String draw(Topology topology, List<Extra> extraPlaces, Words words) {
        return new TopologySvg(topology, extraPlaces, words).render();
    }

    private String render() {
        List<Vertex> nodes = topology.vertices(Vertex.Kind.NODE);
        List<Vertex> segments = topology.vertices(Vertex.Kind.SEGMENT);
        List<Vertex> routers = topology.vertices(Vertex.Kind.ROUTER);
        int columns = Math.max(1, Math.min(COLUMNS, maxNodesOnASegment(nodes, segments)));
        int gridW = columns * (NODE_W + GAP) - GAP;
        int routerX = MARGIN + gridW + 2 * GAP;
        int width = routerX + (routers.isEmpty() ? 0 : ROUTER_W) + MARGIN;
        Map<String, Integer> barY = new LinkedHashMap<>();
        int y = MARGIN;
        for (Vertex segment : segments) {
            List<Vertex> on = nodes.stream().filter(n -> segmentOf(n).equals(segment.id())).toList();
            List<int[]> eth0s = new ArrayList<>();
            for (int row = 0; row * columns < on.size(); row++) {
                int rowH = 0;
                for (int c = 0; c < columns && row * columns + c < on.size(); c++) {
                    Vertex n = on.get(row * columns + c);
                    int[] eth0 = new int[2];
                    rowH = Math.max(rowH, node(n, MARGIN + c * (NODE_W + GAP), y, eth0));
                    eth0s.add(eth0);
                }
                y += rowH + GAP;
            }
            barY.put(segment.id(), y);
            for (int[] e : eth0s) line(e[0], e[1], e[0], y);
            boxes.append(String.format(Locale.ROOT, "<g class=\"segment\" data-place=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text></g>%n", esc(segment.id()), MARGIN, y, width - 2 * MARGIN, BAR_H,
                    MARGIN + 4, y + BAR_H + 14, esc(segment.name() + "  " + segment.label())));
            y += BAR_H + 20 + 2 * GAP;
        }
        int routerY = MARGIN;
        for (Vertex r : routers) routerY = router(r, routerX, routerY, barY) + GAP;
        int height = Math.max(y, routerY) + MARGIN;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                width, height, width, height)
                + "<style>" + STYLE + "</style>\n"
                + "<g class=\"links\">\n" + lines + "</g>\n" + boxes + "</svg>\n";
    }

    /** Draws a node at (x, y); returns its height and puts the bottom centre of its eth0 in {@code eth0}. */
    private int node(Vertex n, int x, int y, int[] eth0) {
        List<Vertex> on = topology.on(n.id());
        List<String[]> user = new ArrayList<>();
        List<String[]> kernel = new ArrayList<>();
        kernel.add(new String[] {n.id(), words.ipStack(), "stack"});
        List<Vertex> containers = new ArrayList<>();
        for (Vertex v : on) {
            if (v.kind() == Vertex.Kind.PROCESS) user.add(new String[] {v.id(), v.name(), "process"});
            else if (v.kind() == Vertex.Kind.CONTAINER) containers.add(v);
            else if (v.kind().isDevice() && v.id().startsWith(n.id() + "/")) kernel.add(new String[] {v.id(), v.name(), v.kind().word(), v.label()});
        }
        for (Extra e : extras.getOrDefault(n.id(), List.of())) user.add(new String[] {e.id(), e.name(), "process", e.label()});
        int userH = BAND_TITLE + rows(user.size()) * (CELL_H + PAD) + PAD;
        int kernelRootH = BAND_TITLE + rows(kernel.size()) * (CELL_H + PAD);
        int containerH = BAND_TITLE + CELL_H + PAD;
        int kernelH = kernelRootH + containers.size() * (containerH + PAD) + PAD;
        int h = TITLE + userH + kernelH + PAD;
        boxes.append(String.format(Locale.ROOT, "<g class=\"host node\" data-host=\"%s\"><rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>"
                + "<text class=\"title\" x=\"%d\" y=\"%d\">%s</text>%n", esc(n.id()), x, y, NODE_W, h, x + PAD, y + 16, esc(n.id() + "  " + n.label())));
        int uy = y + TITLE;
        band("user", x + 4, uy, NODE_W - 8, userH, words.userSpace());
        cells(user, x + PAD, uy + BAND_TITLE, null, null);
        int ky = uy + userH + 4;
        band("kernel", x + 4, ky, NODE_W - 8, kernelH, words.kernel());
        cells(kernel, x + PAD, ky + BAND_TITLE, n.id() + "/eth0", eth0);
        int cy = ky + kernelRootH;
        for (Vertex c : containers) {
            boxes.append(String.format(Locale.ROOT, "<g class=\"namespace\" data-host=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text></g>%n", esc(c.id()), x + PAD, cy, NODE_W - 2 * PAD, containerH, x + 2 * PAD, cy + 12,
                    esc(c.id() + " (netns)")));
            List<String[]> inside = new ArrayList<>();
            inside.add(new String[] {c.id(), words.ipStack(), "stack"});
            for (Vertex d : topology.on(n.id())) {
                if (d.id().startsWith(c.id() + "/")) inside.add(new String[] {d.id(), d.name(), d.kind().word(), d.label()});
            }
            cells(inside, x + 2 * PAD, cy + BAND_TITLE, null, null);
            cy += containerH + PAD;
        }
        boxes.append("</g>\n");
        return h;
    }

    private int router(Vertex r, int x, int y, Map<String, Integer> barY) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {r.id(), words.ipStack(), "stack"});
        List<Vertex> nics = topology.on(r.id()).stream().filter(v -> v.kind() == Vertex.Kind.NIC).toList();
        nics.forEach(v -> cells.add(new String[] {v.id(), v.name(), v.kind().word(), v.label()}));
        int perRow = 2;
        int h = TITLE + ((cells.size() + perRow - 1) / perRow) * (CELL_H + PAD) + PAD;
        // Between its segments' bars when there is room, never over the router above.
        int wanted = nics.stream().mapToInt(nic -> barY.getOrDefault(segmentOfNic(nic), y)).sum() / Math.max(1, nics.size()) - h / 2;
        int top = Math.max(y, wanted);
        boxes.append(String.format(Locale.ROOT, "<g class=\"host router\" data-host=\"%s\"><rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/>"
                + "<text class=\"title\" x=\"%d\" y=\"%d\">%s</text>%n", esc(r.id()), x, top, ROUTER_W, h, x + PAD, top + 16, esc(r.id() + " (router)")));
        for (int i = 0; i < cells.size(); i++) {
            int cx = x + PAD + (i % perRow) * (CELL_W + PAD);
            int cy = top + TITLE + (i / perRow) * (CELL_H + PAD);
            cell(cells.get(i), cx, cy);
            if (i > 0) {
                Integer bar = barY.get(segmentOfNic(nics.get(i - 1)));
                if (bar != null) line(cx + CELL_W / 2, cy + CELL_H / 2, cx + CELL_W / 2, bar + BAR_H / 2);
            }
        }
        boxes.append("</g>\n");
        return top + h;
    }

    private void band(String kind, int x, int y, int w, int h, String title) {
        boxes.append(String.format(Locale.ROOT, "<g class=\"band %s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text></g>%n", kind, x, y, w, h, x + 4, y + 12, esc(title)));
    }

    /** Lays cells out {@value #CELLS_PER_ROW} to a row; remembers where {@code watch} sits. */
    private void cells(List<String[]> cells, int x, int y, String watch, int[] at) {
        for (int i = 0; i < cells.size(); i++) {
            int cx = x + (i % CELLS_PER_ROW) * (CELL_W + PAD);
            int cy = y + (i / CELLS_PER_ROW) * (CELL_H + PAD);
            cell(cells.get(i), cx, cy);
            if (cells.get(i)[0].equals(watch)) {
                at[0] = cx + CELL_W / 2;
                at[1] = cy + CELL_H;
            }
        }
    }

    /** {id, name, kind[, label]}. */
    private void cell(String[] c, int x, int y) {
        String label = c.length > 3 ? c[3] : "";
        boxes.append(String.format(Locale.ROOT, "<g class=\"place %s\" data-place=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>", c[2], esc(c[0]), x, y, CELL_W, CELL_H, x + 4, y + 13, esc(shorten(c[1], 14))));
        if (!label.isEmpty()) {
            boxes.append(String.format(Locale.ROOT, "<text class=\"addr\" x=\"%d\" y=\"%d\">%s</text>", x + 4, y + 25, esc(shorten(label, 16))));
        }
        boxes.append("<title>").append(esc(c[0] + (label.isEmpty() ? "" : " " + label))).append("</title></g>\n");
    }

    private void line(int x1, int y1, int x2, int y2) {
        lines.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", x1, y1, x2, y2));
    }

    private String segmentOf(Vertex node) {
        return segmentOfNic(topology.vertex(node.id() + "/eth0").orElseThrow());
    }

    private String segmentOfNic(Vertex nic) {
        for (Link l : topology.graph().edgesOf(nic)) {
            Vertex other = l.one().equals(nic) ? l.other() : l.one();
            if (other.kind() == Vertex.Kind.SEGMENT) return other.id();
        }
        return "";
    }

    private int maxNodesOnASegment(List<Vertex> nodes, List<Vertex> segments) {
        int max = 0;
        for (Vertex s : segments) max = Math.max(max, (int) nodes.stream().filter(n -> segmentOf(n).equals(s.id())).count());
        return max;
    }

    private static int rows(int cells) {
        return Math.max(1, (cells + CELLS_PER_ROW - 1) / CELLS_PER_ROW);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = "svg.topology{font:11px sans-serif}"
            + ".links line{stroke:#8a8f98;stroke-width:1.5}"
            + ".frame{fill:#fbfbfd;stroke:#5b6270;stroke-width:1.2}.title{font-weight:bold;font-size:12px}"
            + ".band rect{stroke:none}.band.user rect{fill:#eef5ff}.band.kernel rect{fill:#f4f1ea}.band text{fill:#6b7280;font-size:10px}"
            + ".namespace rect{fill:#fff;stroke:#b9b2a3;stroke-dasharray:3 2}.namespace text{fill:#6b7280;font-size:10px}"
            + ".place rect{fill:#fff;stroke:#7c8594}.place.process rect{fill:#dbe9ff}.place.stack rect{fill:#ece6d8}"
            + ".place .addr{fill:#6b7280;font-size:9px}"
            + ".segment rect{fill:#9aa4b2}.segment text{font-weight:bold}";
}
