package dev.overlaysim.scenarios.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.overlaysim.trace.DropReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped JSON Schema, read by a real draft 2020-12 validator (networknt), accepts everything
 * the project ships as a scenario: every example, every lab scenario and every scenario snippet of
 * the docs; and refuses what the loader refuses for the same reason. The loader stays the
 * authority (it checks what a schema cannot: overlapping subnets, unknown flows); the schema is
 * what an editor checks as you type, so it must never reject a file the loader takes.
 */
class SchemaValidatesTest {

    private static JsonSchema schema;
    /** The schema without its top-level "required": for doc snippets that show some top-level keys only. */
    private static JsonSchema fragmentSchema;
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void load() throws IOException {
        JsonNode node;
        try (InputStream in = SchemaValidatesTest.class.getResourceAsStream("/overlaysim-scenario.schema.json")) {
            node = new ObjectMapper().readTree(in);
        }
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        schema = f.getSchema(node);
        ObjectNode relaxed = node.deepCopy();
        relaxed.remove("required");
        fragmentSchema = f.getSchema(relaxed);
    }

    private static Set<ValidationMessage> validate(JsonSchema s, Path file) throws IOException {
        return s.validate(YAML.readTree(file.toFile()));
    }

    static Stream<Path> scenarioFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.walk(Path.of("src/main/resources/labs"))) {
            s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("lab.yaml") && !p.getFileName().toString().equals("answers.yaml"))
                    .sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("scenarioFiles")
    void everyShippedScenarioValidates(Path file) throws IOException {
        assertThat(validate(schema, file)).as(file.toString()).isEmpty();
    }

    /** A YAML block of a Markdown file, with where it starts. */
    record Snippet(Path file, int line, String yaml) {
        @Override public String toString() { return file + ":" + line; }
    }

    static Stream<Snippet> docSnippets() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("../README.md")));
        try (Stream<Path> s = Files.list(Path.of("../docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Snippet> out = new ArrayList<>();
        Pattern block = Pattern.compile("(?m)^```yaml\\n(.*?)^```", Pattern.DOTALL);
        for (Path d : docs) {
            String text = Files.readString(d);
            Matcher m = block.matcher(text);
            while (m.find()) {
                int line = text.substring(0, m.start()).split("\n", -1).length;
                out.add(new Snippet(d, line, m.group(1)));
            }
        }
        // Java text blocks in the README's JUnit example hold a scenario too.
        Matcher java = Pattern.compile("(?s)static final String YAML = \"\"\"\\n(.*?)\"\"\";").matcher(Files.readString(Path.of("../README.md")));
        while (java.find()) out.add(new Snippet(Path.of("../README.md"), 0, java.group(1).stripIndent()));
        return out.stream();
    }

    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "seed", "network", "underlay", "nodes", "costs",
            "traffic", "timeline", "expect", "compare");

    /**
     * A doc snippet whose top-level keys are all scenario keys is checked: against the whole schema
     * when it has {@code name} and {@code nodes} (a complete scenario), else against the schema
     * without its required keys (a fragment such as a {@code timeline:} example). Snippets of other
     * files (a lab.yaml, answers.yaml, a costs include) are not scenarios and are not checked here.
     */
    @ParameterizedTest
    @MethodSource("docSnippets")
    void everyScenarioSnippetOfTheDocsValidates(Snippet s) throws IOException {
        JsonNode tree = YAML.readTree(s.yaml());
        if (tree == null || !tree.isObject()) return;
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        if (keys.isEmpty() || !TOP_LEVEL.containsAll(keys)) return;
        boolean complete = keys.contains("name") && keys.contains("nodes");
        assertThat((complete ? schema : fragmentSchema).validate(tree)).as(s + "\n" + s.yaml()).isEmpty();
    }

    @Test
    void theDocsHoldCompleteScenariosThatAreChecked() throws IOException {
        long complete = docSnippets().filter(s -> {
            try {
                JsonNode t = YAML.readTree(s.yaml());
                return t != null && t.has("name") && t.has("nodes");
            } catch (IOException e) {
                return false;
            }
        }).count();
        assertThat(complete).as("complete scenarios in README.md and docs/").isGreaterThanOrEqualTo(2);
    }

    @Test
    void whatTheLoaderRefusesTheSchemaRefusesToo(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        String good = Files.readString(Path.of("examples", "seed-vxlan.yaml"));
        for (String bad : List.of(
                good.replace("seed: 1\n", "seed: 1\nnodez: []\n"),
                good.replace("  - delivered: {flow: ping-1}", "  - dropped: {flow: ping-1, reason: mtu}"),
                good.replace("command: route -n", "command: netstat -rn"))) {
            Path f = tmp.resolve("bad.yaml");
            Files.writeString(f, bad);
            assertThat(validate(schema, f)).as(bad).isNotEmpty();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ScenarioLoader.load(f)))
                    .isInstanceOf(ScenarioException.class);
        }
    }

    /** The tcp and request kinds: what the loader takes the schema takes; what it refuses, both refuse. */
    @Test
    void tcpFlowsAreCheckedAlikeByTheSchemaAndTheLoader(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        String good = Files.readString(Path.of("examples", "seed-vxlan.yaml"));
        String flow = "  - ping: {name: ping-1, from: container-1, to: container-2, count: 1, size: 56, start: 1s}\n";
        assertThat(good).contains(flow);
        {
            String tcp = good.replace(flow, flow
                    + "  - tcp: {name: bulk, from: container-1, to: container-2, bytes: 10MB, timeout: 5s, congestion: reno}\n"
                    + "  - tcp: {name: timed, from: container-1, to: container-2, duration: 2s}\n"
                    + "  - request: {name: web, from: container-1, to: container-2, send: 200, receive: 2MB, count: 10, interval: 100ms}\n")
                    .replace("expect:\n", "expect:\n  - retransmits: {flow: bulk, max: 0}\n  - completed: {flow: web, count: 10}\n"
                            + "  - throughput: {flow: timed, min: 100Mbit}\n");
            Path ok = tmp.resolve("tcp.yaml");
            Files.writeString(ok, tcp);
            assertThat(validate(schema, ok)).as(tcp).isEmpty();
            assertThat(ScenarioLoader.load(ok).traffic()).hasSize(4);
            for (String bad : List.of(
                    tcp.replace("bytes: 10MB, timeout: 5s", "bytes: 10MB, duration: 5s"),
                    tcp.replace("bytes: 10MB", "bytes: 10KB"),
                    tcp.replace("congestion: reno", "congestion: bbr"),
                    tcp.replace("send: 200, receive: 2MB", "send: 200"),
                    tcp.replace("count: 10, interval", "count: 0, interval"),
                    tcp.replace("retransmits: {flow: bulk, max: 0}", "retransmits: {flow: bulk, max: -1}"),
                    tcp.replace("completed: {flow: web, count: 10}", "completed: {flow: web, count: 10, max: 1}"))) {
                Path f = tmp.resolve("bad.yaml");
                Files.writeString(f, bad);
                assertThat(validate(schema, f)).as(bad).isNotEmpty();
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ScenarioLoader.load(f)))
                        .as(bad).isInstanceOf(ScenarioException.class);
            }
        }
    }

    /** The first column's {@code `key`} of each row of the table under {@code heading}, up to the next heading. */
    private static List<String> documentedKeys(String doc, String heading) {
        int at = doc.indexOf(heading);
        assertThat(at).as("heading %s in docs/scenario-format.md", heading).isNotNegative();
        String section = doc.substring(at + heading.length());
        int next = section.indexOf("\n#");
        if (next >= 0) section = section.substring(0, next);
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(section);
        while (m.find()) keys.add(m.group(1));
        return keys;
    }

    @Test
    void theFormatDocListsTheKeysOfTcpFlowsAndChecks() throws IOException {
        String doc = Files.readString(Path.of("../docs/scenario-format.md"));
        assertThat(documentedKeys(doc, "### `tcp` — a bulk transfer, as iperf3 sends it")).containsExactlyElementsOf(ScenarioBinder.TCP_KEYS);
        assertThat(documentedKeys(doc, "### `request` — request/response, as curl makes it"))
                .containsExactlyElementsOf(ScenarioBinder.REQUEST_KEYS);
        assertThat(documentedKeys(doc, "\n## `expect`\n")).containsExactlyElementsOf(ScenarioBinder.EXPECT_KINDS);
    }

    @Test
    void theSchemasDropReasonsAreTheSimulators() throws IOException {
        JsonNode node;
        try (InputStream in = SchemaValidatesTest.class.getResourceAsStream("/overlaysim-scenario.schema.json")) {
            node = new ObjectMapper().readTree(in);
        }
        List<String> inSchema = new ArrayList<>();
        for (Iterator<JsonNode> it = node.get("$defs").get("dropReason").get("enum").elements(); it.hasNext(); ) inSchema.add(it.next().asText());
        List<String> ids = Arrays.stream(DropReason.values()).map(DropReason::id).toList();
        assertThat(inSchema).containsExactlyElementsOf(ids);
        assertThat(ScenarioBinder.DROP_REASONS).containsExactlyElementsOf(ids);

        // docs/scenario-format.md lists exactly these, in a table row each.
        String doc = Files.readString(Path.of("../docs/scenario-format.md"));
        String table = doc.substring(doc.indexOf("### Drop reasons"));
        table = table.substring(0, table.indexOf("\n## "));
        List<String> documented = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(table);
        while (m.find()) documented.add(m.group(1));
        assertThat(documented).containsExactlyElementsOf(ids);
    }
}
