package dev.overlaysim.scenarios.load;

import dev.overlaysim.scenarios.model.ScenarioSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads scenario files strictly: a file is either turned into a complete {@link ScenarioSpec} or
 * refused with a {@link ScenarioException} that lists every problem found, each at
 * {@code file:line:column}. See {@code docs/scenario-format.md} for the format.
 *
 * <p>Hostile input is refused after bounded work: files over {@link #MAX_BYTES}, binary files,
 * invalid UTF-8, nesting over 64 levels, more than 50 aliases, more than 100 000 nodes.
 */
public final class ScenarioLoader {
    /** The check kinds an {@code expect:} item (and a lab's run check) may be, in the format's order. */
    public static java.util.List<String> expectKinds() { return ScenarioBinder.EXPECT_KINDS; }


    /** The largest scenario file accepted: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;

    private ScenarioLoader() {
    }

    /**
     * Loads a scenario file. Problems are reported against {@code path} as given.
     *
     * @throws ScenarioException when the file cannot be read or is not a valid scenario
     */
    public static ScenarioSpec load(Path path) {
        return check(path).spec();
    }

    /**
     * A scenario the loader accepted, with its warnings ({@code file:line:column: message}, sorted):
     * what the file says but will likely not do as meant, such as host-gw across a router.
     */
    public record Checked(ScenarioSpec spec, List<Problem> warnings) {
        public Checked {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Loads a scenario file and keeps its warnings.
     *
     * @throws ScenarioException when the file cannot be read or is not a valid scenario
     */
    public static Checked check(Path path) {
        String name = path.toString();
        if (name.isEmpty()) {
            // Path.of("") is the current directory: say what was given, not "is a directory".
            throw single("(empty path)", Location.START, "the path is empty (an empty string); expected a scenario file");
        }
        return checkBytes(bytes(path, name), name);
    }

    /** A file's bytes, read under the limits every file overlaysim reads has; refusals point at {@code name}. */
    static byte[] bytes(Path path, String name) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw single(name, Location.START, "is a directory; expected a scenario file");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw tooLarge(name, size);
            }
            // Files.size says 0 for a device or a pipe (/dev/zero, <(yes)): read at most one byte past
            // the limit whatever it said, so that an endless stream is refused after bounded work.
            try (java.io.InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw single(name, Location.START, "the file is more than " + MAX_BYTES + " bytes; the limit is "
                        + MAX_BYTES + " bytes (1 MiB)");
            }
        } catch (NoSuchFileException e) {
            throw new ScenarioException(List.of(new Problem(name, 1, 1, "no such file")));
        } catch (IOException e) {
            throw new ScenarioException(List.of(new Problem(name, 1, 1, "cannot read the file: " + IoErrors.describe(e))));
        }
        return bytes;
    }

    /**
     * Loads a scenario from the bytes of a file (UTF-8, an optional byte order mark).
     *
     * @param sourceName the name problems are reported against
     * @throws ScenarioException when the bytes are not a valid scenario
     */
    public static ScenarioSpec fromBytes(byte[] bytes, String sourceName) {
        return checkBytes(bytes, sourceName).spec();
    }

    private static Checked checkBytes(byte[] bytes, String sourceName) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(sourceName, bytes.length);
        }
        return checkYaml(text(bytes, sourceName), sourceName);
    }

    /** The text of a file's bytes: UTF-8 (an optional byte order mark), no NUL; refusals point at {@code sourceName}. */
    static String text(byte[] bytes, String sourceName) {
        String wide = wideEncoding(bytes);
        if (wide != null) {
            throw single(sourceName, Location.START, "the file is " + wide + "; the scenario format is UTF-8:"
                    + " convert it (iconv -f " + wide.replaceFirst(" .*", "") + " -t UTF-8, or save it as UTF-8 in the editor)");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw single(sourceName, locate(bytes, i), "the file contains a NUL byte at offset " + i
                        + "; expected a YAML text file, not binary data");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw single(sourceName, locate(bytes, offset), String.format(
                    "invalid UTF-8 (byte 0x%02x at offset %d); expected a UTF-8 text file", bytes[offset] & 0xFF, offset));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * Loads a scenario from YAML text.
     *
     * @param sourceName the name problems are reported against, e.g. {@code seed-vxlan.yaml}
     * @throws ScenarioException when the text is not a valid scenario
     */
    public static ScenarioSpec fromYaml(String text, String sourceName) {
        return checkYaml(text, sourceName).spec();
    }

    /** Loads a scenario from YAML text and keeps its warnings; see {@link #check(Path)}. */
    public static Checked checkYaml(String text, String sourceName) {
        Problems problems = new Problems(sourceName);
        ScenarioSpec spec = new ScenarioBinder(problems).bind(readTree(text, problems));
        problems.throwIfAny();
        return new Checked(spec, problems.warnings());
    }

    /**
     * The one YAML front end: reads any file overlaysim takes (a scenario, a lab's {@code lab.yaml},
     * a student's {@code answers.yaml}) into its located tree, under the scenario's limits (1 MiB of
     * UTF-8, printable text, nesting, aliases, no tags or merge keys, no duplicate keys). Problems
     * that do not stop reading are added to {@code problems}; a syntax error or a broken limit
     * throws {@link ScenarioException} at once.
     *
     * @return the root, or null for a document with no content
     */
    public static YamlNode readTree(String text, Problems problems) {
        if (utf8Length(text) > MAX_BYTES) {
            throw single(problems.file(), Location.START, "the text is more than " + MAX_BYTES
                    + " bytes of UTF-8; the limit is 1 MiB");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        checkCharacters(text, problems.file());
        return YamlTreeReader.read(text, problems);
    }

    /**
     * Loads a scenario with its own {@code expect:} replaced by {@code expect}: nodes read from
     * another file (a lab's run checks), bound by the same rules and against this scenario's flows,
     * nodes and containers, as if they had been written in it. Problems in them carry their own
     * line and column; the file name is {@code sourceName}.
     */
    public static ScenarioSpec withExpectations(String text, String sourceName, List<YamlNode> expect) {
        Problems problems = new Problems(sourceName);
        YamlNode root = readTree(text, problems);
        if (root instanceof YamlNode.Mapping m) {
            List<YamlNode.Entry> entries = new java.util.ArrayList<>();
            for (YamlNode.Entry e : m.entries()) {
                if (!e.key().text().equals("expect")) entries.add(e);
            }
            Location at = expect.isEmpty() ? m.location() : expect.get(0).location();
            entries.add(new YamlNode.Entry(new YamlNode.Scalar(at, "expect", true), new YamlNode.Sequence(at, expect)));
            root = new YamlNode.Mapping(m.location(), entries);
        }
        ScenarioSpec spec = new ScenarioBinder(problems).bind(root);
        problems.throwIfAny();
        return spec;
    }

    /**
     * "UTF-16LE (it starts with a UTF-16 byte order mark)" and the like when the bytes are text in
     * UTF-16 or UTF-32, with or without a byte order mark; null otherwise. Without a mark, the
     * tell is ASCII written wide: every other byte (or three of every four) is NUL.
     */
    static String wideEncoding(byte[] b) {
        if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) return "UTF-32BE (it starts with a UTF-32 byte order mark)";
        if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) return "UTF-32LE (it starts with a UTF-32 byte order mark)";
        if (startsWith(b, 0xFE, 0xFF)) return "UTF-16BE (it starts with a UTF-16 byte order mark)";
        if (startsWith(b, 0xFF, 0xFE)) return "UTF-16LE (it starts with a UTF-16 byte order mark)";
        if (wide(b, 4, 3)) return "UTF-32BE (no byte order mark, but three of every four bytes are NUL)";
        if (wide(b, 4, 0)) return "UTF-32LE (no byte order mark, but three of every four bytes are NUL)";
        if (wide(b, 2, 1)) return "UTF-16BE (no byte order mark, but every other byte is NUL)";
        if (wide(b, 2, 0)) return "UTF-16LE (no byte order mark, but every other byte is NUL)";
        return null;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    /**
     * True when, of the first 256 units of {@code width} bytes, at least three in four have only
     * byte {@code at} non-NUL (ASCII written wide; the rest may be other characters).
     */
    private static boolean wide(byte[] b, int width, int at) {
        int units = Math.min(256, b.length / width);
        if (units < 2) return false;
        int ascii = 0;
        for (int u = 0; u < units; u++) {
            boolean match = true;
            for (int k = 0; k < width && match; k++) {
                match = (b[u * width + k] == 0) != (k == at);
            }
            if (match) ascii++;
        }
        return ascii * 4 >= units * 3;
    }

    private static ScenarioException tooLarge(String name, long size) {
        return single(name, Location.START, "the file is " + size + " bytes; the limit is " + MAX_BYTES
                + " bytes (1 MiB)");
    }

    private static ScenarioException single(String name, Location at, String message) {
        return new ScenarioException(List.of(new Problem(name, at.line(), at.column(), message)));
    }

    /** Refuses characters YAML does not allow (control characters other than tab and newlines). */
    private static void checkCharacters(String text, String sourceName) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == 0) {
                throw single(sourceName, new Location(line, column),
                        "the file contains a NUL character; expected a YAML text file, not binary data");
            }
            if (!StreamReader.isPrintable(c)) {
                throw single(sourceName, new Location(line, column), String.format(
                        "the file contains the control character U+%04X; expected printable text", c));
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(c);
        }
    }

    /** Line and column (in code points, counting undecodable bytes as one each) of a byte offset. */
    private static Location locate(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new Location(line, column);
    }

    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length() && length <= MAX_BYTES; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

}
