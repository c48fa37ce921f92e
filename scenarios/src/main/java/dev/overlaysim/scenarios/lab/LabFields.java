package dev.overlaysim.scenarios.lab;

import dev.overlaysim.scenarios.i18n.Text;

import dev.overlaysim.scenarios.load.Location;
import dev.overlaysim.scenarios.load.Problem;
import dev.overlaysim.scenarios.load.Problems;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.load.Suggest;
import dev.overlaysim.scenarios.load.YamlNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to the mappings of a lab's files ({@code lab.yaml}, {@code answers.yaml}). Reading
 * the YAML is not done here: the text goes through the scenario loader's one front end
 * ({@link ScenarioLoader#readTree}), with its limits, its duplicate-key rule and its problem list,
 * and "did you mean" is {@link Suggest}'s. What this adds is the lab format's vocabulary: texts in
 * en and zh, lists of texts, unknown keys named against the lab's own key lists.
 */
final class LabFields {

    private final Problems problems;
    private final String source;

    LabFields(String source) {
        this.source = source;
        this.problems = new Problems(source);
    }

    String source() {
        return source;
    }

    /** The document's root, or empty for an empty document; a syntax error or a broken limit is refused at once. */
    Optional<YamlNode> root(String text) {
        try {
            return Optional.ofNullable(ScenarioLoader.readTree(text, problems));
        } catch (ScenarioException e) {
            throw refused(e);
        }
    }

    /** The lab's form of a refused file: the same {@code file:line:column: message} lines. */
    static LabInputException refused(ScenarioException e) {
        return new LabInputException(e.problems().stream().map(Problem::toString).toList());
    }

    String at(YamlNode n) {
        return source + ":" + n.location();
    }

    void add(YamlNode n, String message) {
        problems.add(n.location(), message);
    }

    void add(Location at, String message) {
        problems.add(at, message);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    void throwIfAny() {
        try {
            problems.throwIfAny();
        } catch (ScenarioException e) {
            throw refused(e);
        }
    }

    static String describe(YamlNode n) {
        return n.describe();
    }

    static boolean isNull(YamlNode n) {
        return n instanceof YamlNode.Scalar s && s.isNull();
    }

    static String didYouMean(String word, Collection<String> known) {
        return Suggest.didYouMean(word, known);
    }

    /**
     * The entries of a mapping, in file order (the reader has already refused duplicate and
     * non-scalar keys); a key outside {@code allowed} (when given) is a problem.
     */
    Map<String, YamlNode.Entry> mapping(YamlNode node, String what, Collection<String> allowed) {
        Map<String, YamlNode.Entry> out = new LinkedHashMap<>();
        if (!(node instanceof YamlNode.Mapping m)) {
            add(node, "expected a mapping for " + what + ", found " + describe(node));
            return out;
        }
        for (YamlNode.Entry e : m.entries()) {
            String key = e.key().text();
            if (allowed != null && !allowed.contains(key)) {
                add(e.key(), "unknown key '" + key + "' in " + what + didYouMean(key, allowed) + "; expected one of: "
                        + String.join(", ", allowed));
                continue;
            }
            out.put(key, e);
        }
        return out;
    }

    /** A required or optional scalar's text; a non-scalar or null value is a problem. */
    Optional<String> scalar(Map<String, YamlNode.Entry> m, String key, String what, boolean required, YamlNode parent) {
        YamlNode.Entry t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        YamlNode v = t.value();
        if (!(v instanceof YamlNode.Scalar s) || s.isNull()) {
            add(v, "expected a text for '" + key + "' in " + what + ", found " + describe(v));
            return Optional.empty();
        }
        return Optional.of(s.text());
    }

    /** A list of scalars' texts. */
    Optional<List<String>> scalars(Map<String, YamlNode.Entry> m, String key, String what, boolean required, YamlNode parent) {
        YamlNode.Entry t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        YamlNode v = t.value();
        if (!(v instanceof YamlNode.Sequence seq)) {
            add(v, "expected a list for '" + key + "' in " + what + ", found " + describe(v));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
                add(item, "expected a text in '" + key + "' of " + what + ", found " + describe(item));
            } else {
                out.add(s.text());
            }
        }
        return Optional.of(out);
    }

    /** A text in en and zh: {@code {en: ..., zh: ...}} (at least one), or a plain string (used for both). */
    Optional<Text> text(Map<String, YamlNode.Entry> m, String key, String what, boolean required, YamlNode parent) {
        YamlNode.Entry t = m.get(key);
        if (t == null) {
            if (required) {
                add(parent, "missing required key '" + key + "' in " + what);
            }
            return Optional.empty();
        }
        YamlNode v = t.value();
        if (v instanceof YamlNode.Scalar s && !s.isNull()) {
            return Optional.of(Text.of(s.text(), s.text()));
        }
        Map<String, YamlNode.Entry> tm = mapping(v, key + " of " + what, List.of("en", "zh"));
        if (!(v instanceof YamlNode.Mapping)) {
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

    /**
     * A node as one line of flow YAML ({@code {table: {node: node1, lacks: "02:42:…"}}}), plain
     * scalars as written and quoted ones double-quoted: how a run check is shown to students and
     * written into a handout, read back to the same tree.
     */
    static String flow(YamlNode n) {
        if (n instanceof YamlNode.Mapping m) {
            StringBuilder b = new StringBuilder("{");
            for (YamlNode.Entry e : m.entries()) {
                if (b.length() > 1) b.append(", ");
                b.append(flow(e.key())).append(": ").append(flow(e.value()));
            }
            return b.append('}').toString();
        }
        if (n instanceof YamlNode.Sequence s) {
            StringBuilder b = new StringBuilder("[");
            for (YamlNode item : s.items()) {
                if (b.length() > 1) b.append(", ");
                b.append(flow(item));
            }
            return b.append(']').toString();
        }
        YamlNode.Scalar s = (YamlNode.Scalar) n;
        if (s.plain() && !s.text().isEmpty() && s.text().chars().noneMatch(c -> ",[]{}#\"'\n".indexOf(c) >= 0)
                && !s.text().contains(": ")) {
            return s.text();
        }
        StringBuilder b = new StringBuilder("\"");
        s.text().codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
