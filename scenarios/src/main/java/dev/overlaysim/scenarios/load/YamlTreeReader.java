package dev.overlaysim.scenarios.load;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Turns YAML text into a {@link YamlNode} tree by walking SnakeYAML's event stream, so that every
 * node keeps its line and column and the loader, not SnakeYAML, decides what a scalar means.
 *
 * <p>Bounded: the caller has already limited the text to {@link ScenarioLoader#MAX_BYTES}; here
 * nesting is limited to {@link #MAX_DEPTH} levels, aliases to {@link #MAX_ALIASES}, and the tree, with
 * every alias counted as a copy of what it names, to {@link #MAX_NODES} nodes. So an alias bomb
 * or a deeply nested file is refused after a bounded amount of work, never expanded.
 */
final class YamlTreeReader {

    static final int MAX_DEPTH = 64;
    static final int MAX_ALIASES = 50;
    static final int MAX_NODES = 100_000;

    /** Size and height of a finished node, counting alias targets as copies. */
    private record Stats(long size, int height) {
    }

    /** A mapping or sequence under construction. */
    private static final class Frame {
        final boolean mapping;
        final Location location;
        final String anchor;
        final List<YamlNode> items = new ArrayList<>();
        final List<YamlNode.Entry> entries = new ArrayList<>();
        final Map<String, Location> keys = new HashMap<>();
        YamlNode.Scalar pendingKey;
        boolean expectingKey = true;
        boolean skipValue;
        long size = 1;
        int height = 1;

        Frame(boolean mapping, Location location, String anchor) {
            this.mapping = mapping;
            this.location = location;
            this.anchor = anchor;
        }
    }

    private final Problems problems;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, YamlNode> anchors = new LinkedHashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private final Map<YamlNode, Stats> stats = new IdentityHashMap<>();
    private long nodeCount;
    private int aliasCount;
    private YamlNode root;

    private YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * Reads one YAML document. Returns null for a document with no content. Problems that do not
     * stop reading (duplicate keys, tags) are added to {@code problems}; a syntax error or a limit
     * throws {@link ScenarioException} at once.
     */
    static YamlNode read(String text, Problems problems) {
        return new YamlTreeReader(problems).run(text);
    }

    private YamlNode run(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(ScenarioLoader.MAX_BYTES + 1);
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
        int documents = 0;
        try {
            while (true) {
                Event event = parser.getEvent();
                switch (event.getEventId()) {
                    case StreamStart, DocumentEnd, Comment -> { }
                    case StreamEnd -> {
                        return root;
                    }
                    case DocumentStart -> {
                        documents++;
                        if (documents > 1) {
                            throw problems.fatal(at(event.getStartMark()),
                                    "a second YAML document starts here; expected exactly one document per file");
                        }
                    }
                    case Scalar -> scalar((ScalarEvent) event);
                    case SequenceStart -> open((CollectionStartEvent) event, false);
                    case MappingStart -> open((CollectionStartEvent) event, true);
                    case SequenceEnd, MappingEnd -> close();
                    case Alias -> alias((AliasEvent) event);
                    default -> throw new IllegalStateException("unexpected YAML event " + event);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = oneLine(e.getProblem() != null ? e.getProblem() : e.getContext())
                    .replaceAll("but (got|found) ([^<'\\s][^\\s]*)$", "but $1 '$2'");
            String context = "";
            if (e.getContext() != null && e.getProblem() != null) {
                context = " (" + oneLine(e.getContext())
                        + (e.getContextMark() != null ? " that starts at " + at(e.getContextMark()) : "") + ")";
            }
            throw problems.fatal(mark == null ? Location.START : at(mark), "YAML syntax error: " + problem + context);
        } catch (YAMLException e) {
            throw problems.fatal(Location.START, "YAML error: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    static Location at(Mark mark) {
        return new Location(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private void scalar(ScalarEvent event) {
        Location location = at(event.getStartMark());
        rejectTag(event.getTag(), location);
        rejectInvisible(event.getValue(), location);
        YamlNode.Scalar node = new YamlNode.Scalar(location, event.getValue(), event.isPlain());
        count(location, 1);
        finish(node, event, new Stats(1, 1));
    }

    /**
     * The file itself holds printable text only (ScenarioLoader checks), but a double-quoted YAML
     * string can still make any character with an escape ({@code "\e[2J"}, {@code "\u200b"}). Values
     * are printed to terminals and used as names, so control characters (other than a tab or a
     * newline in a text) and invisible format characters (zero-width spaces, bidirectional
     * overrides) are refused where they are written.
     */
    private void rejectInvisible(String value, Location location) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int type = Character.getType(c);
            boolean control = type == Character.CONTROL && c != '\t' && c != '\n';
            if (control || type == Character.FORMAT) {
                problems.add(location, String.format(java.util.Locale.ROOT, "the value contains the %s character U+%04X"
                        + " (written as an escape); expected printable text", control ? "control" : "invisible", c));
                return;
            }
            i += Character.charCount(c);
        }
    }

    private void open(CollectionStartEvent event, boolean mapping) {
        Location location = at(event.getStartMark());
        rejectTag(event.getTag(), location);
        if (stack.size() + 1 > MAX_DEPTH) {
            throw problems.fatal(location, "nesting is deeper than " + MAX_DEPTH
                    + " levels; a scenario never needs that many");
        }
        count(location, 1);
        if (event.getAnchor() != null) {
            openAnchors.add(event.getAnchor());
        }
        stack.push(new Frame(mapping, location, event.getAnchor()));
    }

    private void close() {
        Frame frame = stack.pop();
        if (frame.anchor != null) {
            openAnchors.remove(frame.anchor);
        }
        YamlNode node = frame.mapping
                ? new YamlNode.Mapping(frame.location, frame.entries)
                : new YamlNode.Sequence(frame.location, frame.items);
        Stats own = new Stats(frame.size, frame.height);
        if (frame.anchor != null) {
            anchors.put(frame.anchor, node);
        }
        stats.put(node, own);
        attach(node, own);
    }

    private void alias(AliasEvent event) {
        Location location = at(event.getStartMark());
        String name = event.getAnchor();
        if (++aliasCount > MAX_ALIASES) {
            throw problems.fatal(location, "more than " + MAX_ALIASES
                    + " aliases; refusing the file (alias bombs are expanded exponentially)");
        }
        if (openAnchors.contains(name)) {
            throw problems.fatal(location, "alias '*" + name + "' refers to a node that contains it (a recursive alias)");
        }
        YamlNode target = anchors.get(name);
        if (target == null) {
            throw problems.fatal(location, "unknown alias '*" + name + "'; expected an anchor '&" + name
                    + "' defined earlier in the file");
        }
        Stats targetStats = stats.getOrDefault(target, new Stats(1, 1));
        if (stack.size() + targetStats.height() > MAX_DEPTH) {
            throw problems.fatal(location, "alias '*" + name + "' makes the nesting deeper than " + MAX_DEPTH + " levels");
        }
        count(location, targetStats.size());
        attach(target, targetStats);
    }

    private void finish(YamlNode node, NodeEvent event, Stats own) {
        if (event.getAnchor() != null) {
            anchors.put(event.getAnchor(), node);
            stats.put(node, own);
        }
        attach(node, own);
    }

    private void count(Location location, long nodes) {
        nodeCount += nodes;
        if (nodeCount > MAX_NODES) {
            throw problems.fatal(location, "the YAML document has more than " + MAX_NODES
                    + " YAML values (keys, scalars, lists and mappings, counting each alias as a copy of what it names);"
                    + " refusing the file (a scenario has at most " + ScenarioChecks.MAX_HOSTS + " nodes)");
        }
    }

    private void rejectTag(String tag, Location location) {
        if (tag != null) {
            problems.add(location, "YAML tags are not supported, found '" + tag.replace("tag:yaml.org,2002:", "!!")
                    + "'; remove the tag");
        }
    }

    /** Adds a finished node to the collection under construction, or makes it the root. */
    private void attach(YamlNode node, Stats own) {
        Frame parent = stack.peek();
        if (parent == null) {
            root = node;
            return;
        }
        parent.size += own.size();
        parent.height = Math.max(parent.height, own.height() + 1);
        if (!parent.mapping) {
            parent.items.add(node);
            return;
        }
        if (parent.expectingKey) {
            parent.expectingKey = false;
            parent.skipValue = true;
            parent.pendingKey = null;
            if (!(node instanceof YamlNode.Scalar key) || key.isNull()) {
                problems.add(node.location(), "expected a plain key, found " + node.describe() + " as a key");
            } else if ("<<".equals(key.text()) && key.plain()) {
                problems.add(key.location(), "merge keys ('<<') are not supported; write the keys out");
            } else if (parent.keys.containsKey(key.text())) {
                problems.add(key.location(), "duplicate key '" + key.text() + "'; it is first given at "
                        + parent.keys.get(key.text()));
            } else {
                parent.keys.put(key.text(), key.location());
                parent.pendingKey = key;
                parent.skipValue = false;
            }
            return;
        }
        parent.expectingKey = true;
        if (!parent.skipValue) {
            parent.entries.add(new YamlNode.Entry(parent.pendingKey, node));
        }
    }
}
