package dev.overlaysim.scenarios.load;

import java.util.List;

/**
 * The located YAML tree the loader works on: mappings, lists and scalars, each with the line and
 * column where it starts. Aliases are resolved to the anchored node (shared, not copied).
 */
public sealed interface YamlNode {

    Location location();

    /** What this node is, for "found ..." in messages. */
    String describe();

    /** One {@code key: value} pair of a mapping. */
    record Entry(Scalar key, YamlNode value) {
    }

    /** A mapping, its entries in file order, duplicate keys already removed (and reported). */
    record Mapping(Location location, List<Entry> entries) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar: its text as written (unresolved) and whether it was plain (unquoted). A plain
     * empty, {@code ~} or {@code null} scalar is YAML's null.
     */
    record Scalar(Location location, String text, boolean plain) implements YamlNode {

        /** The text as a message may print it: control and invisible characters as {@code \\u001b}, never raw to a terminal. */
        public static String printable(String s) {
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().forEach(c -> {
                int t = Character.getType(c);
                if (t == Character.CONTROL || t == Character.FORMAT) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                else b.appendCodePoint(c);
            });
            return b.toString();
        }

        public boolean isNull() {
            return plain && (text.isEmpty() || "~".equals(text) || "null".equals(text)
                    || "Null".equals(text) || "NULL".equals(text));
        }

        @Override
        public String describe() {
            if (plain && text.isEmpty()) {
                return "an empty value";
            }
            if (isNull()) {
                return "null";
            }
            String shown = printable(text.length() > 40 ? text.substring(0, 40) + "..." : text);
            return plain ? "'" + shown + "'" : "the quoted string \"" + shown + "\"";
        }
    }
}
