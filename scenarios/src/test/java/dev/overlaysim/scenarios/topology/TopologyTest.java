package dev.overlaysim.scenarios.topology;

import dev.overlaysim.scenarios.cli.Overlaysim;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;
import org.jgrapht.nio.dot.DOTImporter;
import org.jgrapht.util.SupplierUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology graph: {@code overlaysim graph} prints DOT that JGraphT reads back, and {@code validate} uses the graph. */
class TopologyTest {

    record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Overlaysim());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute(args);
            return new Cli(exit, out.toString(), err.toString());
        }
    }

    @Test
    void theGraphCommandPrintsDotThatJGraphTReadsBack() throws Exception {
        Cli c = Cli.run("graph", "examples/across-router.yaml", "--format", "dot");
        assertThat(c.exit()).as(c.err()).isZero();
        Graph<String, DefaultEdge> read = new SimpleGraph<>(SupplierUtil.createStringSupplier(), SupplierUtil.DEFAULT_EDGE_SUPPLIER, false);
        new DOTImporter<String, DefaultEdge>().importGraph(read, new StringReader(c.out()));

        Topology t = Topology.of(ScenarioLoader.load(Path.of("examples/across-router.yaml")));
        assertThat(read.vertexSet()).hasSize(t.graph().vertexSet().size());
        assertThat(read.edgeSet()).hasSize(t.graph().edgeSet().size());
        // Independently of the graph code: two segments, one router with two NICs, two nodes with
        // eth0, docker0, flanneld and flannel.1, a container each with its veth pair.
        assertThat(c.out()).contains("label=\"segment:lan-a 10.168.0.0/24\"", "label=\"r1\"", "label=\"node2/flannel.1 VNI 1\"");
        assertThat(t.routersBetween("node1", "node2")).containsExactly("r1");
    }

    @Test
    void validateWarnsOnHostGwAcrossARouterNamingBothNodesAndTheRouter(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("hg.yaml");
        Files.writeString(f, Files.readString(Path.of("examples/across-router.yaml"))
                .replace("backend: {type: vxlan}", "backend: {type: host-gw}"));
        Cli c = Cli.run("validate", f.toString());
        assertThat(c.exit()).isZero();
        assertThat(c.out()).contains("hg.yaml:31:14: warning: host-gw needs its nodes on one L2 segment: node 'node1' (segment 'lan-a')"
                        + " and node 'node2' (segment 'lan-b') are joined only through router 'r1'")
                .contains("hg.yaml: ok (1 warning)");
        // The same scenario on VXLAN needs only IP reachability: no warning.
        Cli vxlan = Cli.run("validate", "examples/across-router.yaml");
        assertThat(vxlan.out()).isEqualTo("examples/across-router.yaml: ok\n");
    }
}
