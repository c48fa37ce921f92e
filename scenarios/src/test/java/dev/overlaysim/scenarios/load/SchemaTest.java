package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped JSON Schema parses and lists exactly the keys the loader accepts. */
class SchemaTest {

    private static JsonNode schema;

    @BeforeAll
    static void parse() throws IOException {
        try (InputStream in = SchemaTest.class.getResourceAsStream("/overlaysim-scenario.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            schema = new ObjectMapper().readTree(in);
        }
    }

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.get("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode def(String name) {
        return schema.get("$defs").get(name);
    }

    @Test
    void isDraft202012AndClosed() {
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.get("required")).extracting(JsonNode::asText)
                .containsExactly("name", "network", "underlay", "nodes");
    }

    @Test
    void listsEveryTopLevelKeyTheLoaderAccepts() {
        assertThat(keys(schema)).containsExactlyElementsOf(ScenarioBinder.TOP_LEVEL_KEYS);
    }

    @Test
    void listsTheNestedKeysTheLoaderAccepts() {
        assertThat(keys(def("network"))).containsExactlyElementsOf(ScenarioBinder.NETWORK_KEYS);
        assertThat(keys(def("underlay"))).containsExactlyElementsOf(ScenarioBinder.UNDERLAY_KEYS);
        assertThat(keys(def("segment"))).containsExactlyElementsOf(ScenarioBinder.SEGMENT_KEYS);
        assertThat(keys(def("node"))).containsExactlyElementsOf(ScenarioBinder.NODE_KEYS);
        assertThat(keys(def("container"))).containsExactlyElementsOf(ScenarioBinder.CONTAINER_KEYS);
        assertThat(keys(def("costs"))).containsExactlyElementsOf(ScenarioBinder.COSTS_KEYS);
        assertThat(keys(def("trafficItem"))).containsExactlyElementsOf(ScenarioBinder.FLOW_KINDS);
        assertThat(keys(def("trafficItem").get("properties").get("ping")))
                .containsExactlyElementsOf(ScenarioBinder.PING_KEYS);
        assertThat(keys(def("trafficItem").get("properties").get("udp")))
                .containsExactlyElementsOf(ScenarioBinder.UDP_KEYS);
        assertThat(keys(def("trafficItem").get("properties").get("tcp")))
                .containsExactlyElementsOf(ScenarioBinder.TCP_KEYS);
        assertThat(keys(def("trafficItem").get("properties").get("request")))
                .containsExactlyElementsOf(ScenarioBinder.REQUEST_KEYS);
        List<String> congestion = new ArrayList<>();
        def("congestion").get("enum").forEach(c -> congestion.add(c.asText()));
        assertThat(congestion).containsExactlyElementsOf(dev.overlaysim.scenarios.model.FlowSpec.CONGESTION_CONTROLS);
        assertThat(def("size").get("oneOf").get(0).get("maximum").asLong()).isEqualTo(Values.MAX_SIZE_BYTES);
        assertThat(def("trafficItem").get("properties").get("request").get("properties").get("count").get("maximum").asInt())
                .isEqualTo(ScenarioBinder.MAX_REQUESTS);
        assertThat(keys(def("timelineEvent"))).containsExactlyInAnyOrderElementsOf(ScenarioBinder.timelineKeys());
        assertThat(keys(def("expectation"))).containsExactlyElementsOf(ScenarioBinder.EXPECT_KINDS);
        assertThat(keys(def("compare"))).containsExactlyElementsOf(ScenarioBinder.COMPARE_KEYS);
        List<String> compareTypes = new ArrayList<>();
        def("compare").get("properties").get("backends").get("items").get("enum").forEach(t -> compareTypes.add(t.asText()));
        assertThat(compareTypes).containsExactlyElementsOf(ScenarioBinder.BACKEND_OPTIONS.keySet());
        List<String> backendTypes = new ArrayList<>();
        def("backend").get("oneOf").forEach(b -> backendTypes.add(b.get("properties").get("type").get("const").asText()));
        assertThat(backendTypes).containsExactlyElementsOf(ScenarioBinder.BACKEND_OPTIONS.keySet());
    }
}
