package dev.overlaysim.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    private static ScenarioResult run(String file) {
        return Scenario.load(Path.of(file)).run();
    }

    @Test
    void theSameFileAndSeedGiveByteIdenticalJson(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");

        assertThat(overlaysim("run", "--json", a.toString(), "examples/seed-udp.yaml")).isZero();
        assertThat(overlaysim("run", "--json", b.toString(), "examples/seed-udp.yaml")).isZero();

        assertThat(Files.readAllBytes(a)).isNotEmpty().isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void fieldsInTheDocumentedOrder() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(run("examples/seed-vxlan.yaml")));

        assertThat(fieldNames(doc)).containsExactly("schemaVersion", "scenario", "description", "backend", "seed",
                "endTimeNanos", "eventsExecuted", "passed", "flows", "checks", "tables", "log");
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(JsonReport.SCHEMA_VERSION).isEqualTo(1);
        assertThat(doc.get("scenario").asText()).isEqualTo("seed-vxlan");
        assertThat(doc.get("seed").asLong()).isEqualTo(1);
        assertThat(doc.get("endTimeNanos").asLong()).isEqualTo(6_000_000_000L);
        assertThat(doc.get("passed").asBoolean()).isTrue();

        JsonNode flow = doc.get("flows").get(0);
        assertThat(fieldNames(flow)).containsExactly("name", "kind", "from", "to", "sent", "delivered", "drops", "perPacket",
                "icmpErrors", "output");
        assertThat(flow.get("name").asText()).isEqualTo("ping-1");
        assertThat(flow.get("sent").asLong()).isEqualTo(1);
        assertThat(flow.get("delivered").asLong()).isEqualTo(1);
        assertThat(flow.get("drops").size()).isZero();
        JsonNode pp = flow.get("perPacket");
        assertThat(fieldNames(pp)).containsExactly("copiesSend", "copiesReceive", "copiedBytesSend", "copiedBytesReceive",
                "syscalls", "syscallsSend", "syscallsReceive", "modeSwitches", "wakeups", "encapsulations", "decapsulations",
                "latencyNanos");
        assertThat(pp.get("copiesSend").asDouble()).isEqualTo(1.0);
        assertThat(pp.get("syscalls").asDouble()).isEqualTo(pp.get("syscallsSend").asDouble() + pp.get("syscallsReceive").asDouble());
        assertThat(pp.get("latencyNanos").asLong()).isPositive();
        assertThat(flow.get("output").get(0).asText()).startsWith("PING 10.1.16.3");

        JsonNode check = doc.get("checks").get(0);
        assertThat(fieldNames(check)).containsExactly("index", "check", "passed", "expected", "actual");

        assertThat(fieldNames(doc.get("tables"))).containsExactly("node1", "node2");
        assertThat(fieldNames(doc.get("tables").get("node1"))).containsExactlyElementsOf(JsonReport.TABLE_COMMANDS);
        assertThat(doc.get("tables").get("node1").get("ip route").asText()).contains("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink \n");
        assertThat(doc.get("tables").get("node1").get("bridge fdb show").asText())
                .contains("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent");

        JsonNode log = doc.get("log").get(0);
        assertThat(fieldNames(log)).containsExactly("timeNanos", "host", "source", "text");
    }

    @Test
    void dropsAreReasonAtPlaceToCount() throws Exception {
        ScenarioResult r = run("examples/l2-question.yaml");
        JsonNode doc = new ObjectMapper().readTree(JsonReport.render(r));

        boolean anyDrops = false;
        for (JsonNode f : doc.get("flows")) {
            var it = f.get("drops").fields();
            while (it.hasNext()) {
                var e = it.next();
                anyDrops = true;
                assertThat(e.getKey()).contains(" at ");
                assertThat(e.getValue().asLong()).isPositive();
            }
        }
        assertThat(anyDrops).as("the l2-question example drops its packets").isTrue();
    }

    @Test
    void routersGetTablesToo() throws Exception {
        ScenarioResult r = run("examples/across-router.yaml");
        JsonNode tables = new ObjectMapper().readTree(JsonReport.render(r)).get("tables");

        List<String> expected = new ArrayList<>();
        r.spec().nodes().forEach(n -> expected.add(n.name()));
        r.spec().underlay().routers().forEach(x -> expected.add(x.name()));
        assertThat(fieldNames(tables)).containsExactlyElementsOf(expected);
        assertThat(r.spec().underlay().routers()).isNotEmpty();
    }

    @Test
    void jsonToStdoutReplacesTheReport() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new dev.overlaysim.scenarios.cli.Overlaysim());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));

        assertThat(cl.execute("run", "--json", "-")).isEqualTo(ExitCodes.OK);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("scenario").asText()).isEqualTo("seed-vxlan");
        assertThat(out.toString()).isEqualTo(JsonReport.render(run("examples/seed-vxlan.yaml")));
    }

    private static int overlaysim(String... args) {
        CommandLine cl = new CommandLine(new dev.overlaysim.scenarios.cli.Overlaysim());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
