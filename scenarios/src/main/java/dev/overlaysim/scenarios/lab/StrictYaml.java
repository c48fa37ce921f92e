package dev.overlaysim.scenarios.lab;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.DumperOptions;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small strict reader for the lab files (lab.yaml, answers.yaml) on SnakeYAML's node API: every
 * problem is collected as {@code file:line:column: message}; unknown and duplicate keys are errors.
 */
final class StrictYaml {

    static final int MAX_BYTES = 1 << 20;

    private final String source;
    private final String text;
    private final TreeMap<Long, String> problems = new TreeMap<>();
    private long order;

    StrictYaml(String source, String text) {
        this.source = source;
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    String source() {
        return source;
    }

    String text() {
        return text;
    }

    /** The document's root node, or empty for an empty document; a syntax error is a problem (and ends reading). */
    Optional<Node> root() {
        if (text.length() > MAX_BYTES) {
            add(1, 1, "the file is larger than 1 MiB");
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowDuplicateKeys(true); // reported by us, with both places
        options.setNestingDepthLimit(64);
        try {
            Yaml yaml = new Yaml(options);
            Iterable<Node> docs = yaml.composeAll(new StringReader(text));
            Node first = null;
            for (Node d : docs) {
                if (first != null) {
                    add(d.getStartMark(), "a second YAML document starts here; expected exactly one document per file");
                    break;
                }
                first = d;
            }
            return Optional.ofNullable(first);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (m != null) {
                add(m, "YAML syntax error: " + what.strip());
            } else {
                add(1, 1, "YAML syntax error: " + what.strip());
            }
            return Optional.empty();
        } catch (YAMLException e) {
            add(1, 1, "YAML error: " + e.getMessage());
            return Optional.empty();
        }
    }

    String at(Node n) {
        return source + ":" + (n.getStartMark().getLine() + 1) + ":" + (n.getStartMark().getColumn() + 1);
    }

    void add(Node n, String message) {
        add(n.getStartMark(), message);
    }

    void add(Mark m, String message) {
        add(m.getLine() + 1, m.getColumn() + 1, message);
    }

    void add(int line, int column, String message) {
        long key = ((long) line << 40) | ((long) column << 20) | (order++ & 0xFFFFF);
        problems.put(key, source + ":" + line + ":" + column + ": " + message);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<String> problems() {
        return new ArrayList<>(problems.values());
    }

    void throwIfAny() {
        if (hasProblems()) {
            throw new LabInputException(problems());
        }
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        if (isNull(s)) {
            return s.getValue().isEmpty() ? "an empty value" : "null";
        }
        String v = s.getValue();
        return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
    }

    static boolean isNull(Node n) {
        if (!(n instanceof ScalarNode s)) {
            return false;
        }
        String v = s.getValue();
        return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL"));
    }

    static boolean isPlain(ScalarNode s) {
        return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    }

    /**
     * The entries of a mapping with scalar keys, in file order; a duplicate key, a non-scalar key
     * or a key outside {@code allowed} (when given) is a problem.
     */
    Map<String, NodeTuple> mapping(Node node, String what, Collection<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            add(node, "expected a mapping for " + what + ", found " + describe(node));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                add(t.getKeyNode(), "expected a plain key in " + what + ", found " + describe(t.getKeyNode()));
                continue;
            }
            String key = k.getValue();
            if (out.containsKey(key)) {
                Node first = out.get(key).getKeyNode();
                add(k, "duplicate key '" + key + "'; it is first given at " + (first.getStartMark().getLine() + 1)
                        + ":" + (first.getStartMark().getColumn() + 1));
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                add(k, "unknown key '" + key + "' in " + what + didYouMean(key, allowed) + "; expected one of: "
                        + String.join(", ", allowed));
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    /** A required or optional scalar's text; a non-scalar or null value is a problem. */
    Optional<String> scalar(Map<String, NodeTuple> m, String key, String what, boolean required, Node parent) {
        NodeTuple t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        Node v = t.getValueNode();
        if (!(v instanceof ScalarNode s) || isNull(v)) {
            add(v, "expected a text for '" + key + "' in " + what + ", found " + describe(v));
            return Optional.empty();
        }
        return Optional.of(s.getValue());
    }

    /** A list of scalars' texts. */
    Optional<List<String>> scalars(Map<String, NodeTuple> m, String key, String what, boolean required, Node parent) {
        NodeTuple t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        Node v = t.getValueNode();
        if (!(v instanceof SequenceNode seq)) {
            add(v, "expected a list for '" + key + "' in " + what + ", found " + describe(v));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || isNull(item)) {
                add(item, "expected a text in '" + key + "' of " + what + ", found " + describe(item));
            } else {
                out.add(s.getValue());
            }
        }
        return Optional.of(out);
    }

    /** A text in en and zh: {@code {en: ..., zh: ...}} (at least one), or a plain string (used for both). */
    Optional<Text> text(Map<String, NodeTuple> m, String key, String what, boolean required, Node parent) {
        NodeTuple t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && !isNull(v)) {
            return Optional.of(Text.of(s.getValue(), s.getValue()));
        }
        Map<String, NodeTuple> tm = mapping(v, key + " of " + what, List.of("en", "zh"));
        if (!(v instanceof MappingNode)) {
            return Optional.empty();
        }
        String en = scalar(tm, "en", key + " of " + what, false, v).orElse("");
        String zh = scalar(tm, "zh", key + " of " + what, false, v).orElse("");
        if (en.isBlank() && zh.isBlank()) {
            add(v, "'" + key + "' of " + what + " needs an 'en' or a 'zh' text");
            return Optional.empty();
        }
        return Optional.of(Text.of(en, zh));
    }

    /** The source text of a node, re-indented so that it can follow {@code "  - "} in a block list. */
    String sourceOf(Node n, String indent) {
        int start = offset(n.getStartMark().getIndex());
        int end = offset(n.getEndMark().getIndex());
        String slice = text.substring(start, end).stripTrailing();
        int column = n.getStartMark().getColumn();
        StringBuilder sb = new StringBuilder();
        String[] lines = slice.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                sb.append('\n');
                int strip = 0;
                while (strip < column && strip < line.length() && line.charAt(strip) == ' ') {
                    strip++;
                }
                line = line.substring(strip);
                if (!line.isEmpty()) {
                    sb.append(indent);
                }
            }
            sb.append(line);
        }
        return sb.toString();
    }

    /** SnakeYAML's mark index counts code points; Java strings count UTF-16 units. */
    private int offset(int codePointIndex) {
        return text.offsetByCodePoints(0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
    }

    static String didYouMean(String word, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = k.equalsIgnoreCase(word) ? 0 : distance(word.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
