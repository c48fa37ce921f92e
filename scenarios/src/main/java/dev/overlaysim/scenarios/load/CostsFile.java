package dev.overlaysim.scenarios.load;

import dev.overlaysim.scenarios.model.CostsSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file holding one {@code costs:} block, as {@code overlaysim calibrate} writes it and as a
 * scenario includes it ({@code costs: {include: costs.yaml}}) or {@code run --costs FILE} reads it.
 * It is read by the scenario loader's own front end and binder, so its problems are reported like a
 * scenario's, at its own {@code file:line:column}.
 */
public final class CostsFile {
    private CostsFile() {}

    /** The file is not there, or not a file: said at the place that names it (an include, an option). */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) { super(message); }
    }

    /** One measured figure: the key of {@code costs:}, its value and what the comment beside it says. */
    public record Entry(String key, long nanos, String comment) {
        public Entry {
            if (!ScenarioBinder.COSTS_KEYS.contains(key)) throw new IllegalArgumentException("not a key of costs: " + key);
            if (nanos < 0 || nanos > ScenarioBinder.MAX_COST_NANOS) throw new IllegalArgumentException(key + " out of range: " + nanos + " ns");
        }
    }

    /**
     * Reads a costs file.
     *
     * @param name the name its problems are reported against (the path as the user wrote it)
     * @throws Unreadable        when there is no such file, or it is a directory
     * @throws ScenarioException when the file is not a valid costs block (its problems at its lines)
     */
    public static CostsSpec read(Path path, String name) {
        if (!Files.exists(path)) throw new Unreadable("no such file (" + path + ")");
        if (Files.isDirectory(path)) throw new Unreadable("is a directory (" + path + "); expected a costs file");
        Problems problems = new Problems(name);
        String text = ScenarioLoader.text(ScenarioLoader.bytes(path, name), name);
        YamlNode root = ScenarioLoader.readTree(text, problems);
        CostsSpec costs = CostsSpec.DEFAULTS;
        if (root == null) {
            problems.add(Location.START, "the file has no content; expected a mapping with the one key costs");
        } else {
            Fields top = Fields.open(root, Fields.TOP_LEVEL, List.of("costs"), problems,
                    key -> "unknown key '" + key + "' at the top level of a costs file" + Suggest.didYouMean(key, List.of("costs"))
                            + "; expected only costs (the block overlaysim calibrate writes)");
            if (top != null) {
                YamlNode block = top.require("costs");
                if (block != null) costs = ScenarioBinder.costsBlock(block, problems);
            }
        }
        problems.throwIfAny();
        return costs;
    }

    /** The file's text: {@code header} as comment lines, then the block, one key a line with its comment. */
    public static String write(List<String> header, List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (String h : header) sb.append("# ").append(h).append('\n');
        sb.append("costs:\n");
        int w = 0;
        for (Entry e : entries) w = Math.max(w, e.key().length() + 2 + Long.toString(e.nanos()).length() + 2);
        for (Entry e : entries) {
            String kv = e.key() + ": " + e.nanos() + "ns";
            sb.append("  ").append(kv);
            if (!e.comment().isEmpty()) sb.append(" ".repeat(w - kv.length() + 1)).append("# ").append(e.comment().replace('\n', ' '));
            sb.append('\n');
        }
        return sb.toString();
    }
}
