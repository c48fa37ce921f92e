package dev.overlaysim.scenarios.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Strict access to one YAML mapping: unknown keys are reported when it is opened, missing required
 * keys and badly typed values when they are read. Reading never throws; a value that cannot be
 * converted is reported and read as null (required) or the default (optional), so every problem
 * of a file is found in one pass.
 */
final class Fields {

    /** The {@code what} that names the document's root mapping. */
    static final String TOP_LEVEL = "the top level";

    private final YamlNode.Mapping map;
    private final String where;
    private final Problems problems;
    private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();

    private Fields(YamlNode.Mapping map, String where, Problems problems) {
        this.map = map;
        this.where = where;
        this.problems = problems;
    }

    /**
     * Opens a mapping, reporting every key that is not in {@code allowed}.
     *
     * @param what    what the mapping is, e.g. {@code "network"} or {@code "node"}; a mapping with a
     *                plain {@code name} gets it appended ({@code node 'node1'})
     * @param explain a specific message for an unknown key, or null for the generic one
     * @return null (after reporting) when the node is not a mapping
     */
    static Fields open(YamlNode node, String what, List<String> allowed, Problems problems,
                       Function<String, String> explain) {
        if (!(node instanceof YamlNode.Mapping map)) {
            problems.add(node.location(), "expected a mapping for " + what + ", found " + node.describe());
            return null;
        }
        String where = what;
        YamlNode name = peek(map, "name");
        if (!TOP_LEVEL.equals(what) && allowed.contains("name") && name instanceof YamlNode.Scalar s && !s.isNull()
                && Values.NAME.matcher(s.text()).matches()) {
            where = what + " '" + s.text() + "'";
        }
        Fields fields = new Fields(map, where, problems);
        for (YamlNode.Entry entry : map.entries()) {
            String key = entry.key().text();
            if (allowed.contains(key)) {
                fields.entries.put(key, entry);
                continue;
            }
            String message = explain == null ? null : explain.apply(key);
            if (message == null) {
                message = "unknown key '" + key + "' " + fields.in() + Suggest.didYouMean(key, allowed)
                        + "; expected one of: " + Suggest.list(allowed);
            }
            problems.add(entry.key().location(), message);
        }
        return fields;
    }

    static Fields open(YamlNode node, String what, List<String> allowed, Problems problems) {
        return open(node, what, allowed, problems, null);
    }

    /** The value of a key in a mapping, unchecked; null when absent. */
    static YamlNode peek(YamlNode.Mapping map, String key) {
        for (YamlNode.Entry entry : map.entries()) {
            if (entry.key().text().equals(key)) {
                return entry.value();
            }
        }
        return null;
    }

    /** The items of a list; reports and returns an empty list when the node is not a list. */
    static List<YamlNode> list(YamlNode node, String what, Problems problems) {
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items();
        }
        problems.add(node.location(), "expected a list for " + what + ", found " + node.describe());
        return List.of();
    }

    /** Where the mapping starts. */
    Location location() {
        return map.location();
    }

    /** E.g. {@code in node 'node1'} or {@code at the top level}. */
    String in() {
        return (TOP_LEVEL.equals(where) ? "at " : "in ") + where;
    }

    /** E.g. {@code node 'node1'}. */
    String where() {
        return where;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of an allowed key; null when absent. */
    YamlNode get(String key) {
        YamlNode.Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /** Where the value of {@code key} is; where the mapping is when the key is absent. */
    Location at(String key) {
        YamlNode.Entry entry = entries.get(key);
        return entry == null ? map.location() : entry.value().location();
    }

    /** Where the key itself is; where the mapping is when the key is absent. */
    Location keyAt(String key) {
        YamlNode.Entry entry = entries.get(key);
        return entry == null ? map.location() : entry.key().location();
    }

    /** The allowed keys present, in file order. */
    List<String> presentKeys() {
        return new ArrayList<>(entries.keySet());
    }

    /** The value of a required key; reports and returns null when it is absent. */
    YamlNode require(String key) {
        YamlNode value = get(key);
        if (value == null) {
            problems.add(map.location(), "missing required key '" + key + "' " + in());
        }
        return value;
    }

    /** Converts a required value; null (reported) when absent or invalid. */
    <T> T required(String key, Values.Converter<T> converter) {
        YamlNode value = require(key);
        return value == null ? null : convert(value, converter);
    }

    /** Converts an optional value; the default when absent, and also (after reporting) when invalid. */
    <T> T optional(String key, Values.Converter<T> converter, T defaultValue) {
        YamlNode value = get(key);
        if (value == null) {
            return defaultValue;
        }
        T converted = convert(value, converter);
        return converted == null ? defaultValue : converted;
    }

    /** Converts an optional value; empty when absent or (after reporting) invalid. */
    <T> Optional<T> optional(String key, Values.Converter<T> converter) {
        YamlNode value = get(key);
        return value == null ? Optional.empty() : Optional.ofNullable(convert(value, converter));
    }

    OptionalInt optionalInt(String key, Values.Converter<Integer> converter) {
        return optional(key, converter).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    OptionalLong optionalLong(String key, Values.Converter<Long> converter) {
        return optional(key, converter).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * The one key of {@code choices} that is present; reports and returns null when none or more
     * than one is.
     *
     * @param what e.g. {@code "traffic item"}
     */
    String exactlyOne(List<String> choices, String what) {
        List<String> present = presentKeys().stream().filter(choices::contains).toList();
        if (present.isEmpty()) {
            problems.add(map.location(), what + " has none of the keys " + Suggest.list(choices)
                    + "; expected exactly one");
            return null;
        }
        if (present.size() > 1) {
            problems.add(keyAt(present.get(1)), what + " has both '" + present.get(0) + "' and '"
                    + present.get(1) + "'; expected exactly one of: " + Suggest.list(choices));
            return null;
        }
        return present.get(0);
    }

    /** Reports a problem at the value of {@code key}. */
    void report(String key, String message) {
        problems.add(at(key), message);
    }

    private <T> T convert(YamlNode value, Values.Converter<T> converter) {
        try {
            return converter.convert(value);
        } catch (IllegalArgumentException e) {
            problems.add(value.location(), e.getMessage());
            return null;
        }
    }
}
