package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.topology.Topology;
import dev.overlaysim.scenarios.topology.TopologyDot;
import dev.overlaysim.scenarios.topology.TopologyJson;
import dev.overlaysim.scenarios.topology.TopologySvg;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code overlaysim graph FILE [--format dot|svg|json]}: the scenario's topology, from the file alone (nothing runs). */
@Command(name = "graph", mixinStandardHelpOptions = true,
        header = "Print a scenario's topology as a graph: DOT, SVG or JSON.",
        description = {"Prints the topology of the scenario file, without running it: the nodes with eth0, docker0,"
                + " flannel0 or flannel.VNI, the veths and flanneld; the containers with their eth0; the routers with a NIC"
                + " per segment; the underlay segments; and the links between them (has, runs on, veth pair, bridge port,"
                + " attached, tunnel over). A veth is named after its container (veth(container-1)): Docker names it at run time.",
                "",
                "  dot   Graphviz DOT (render with: dot -Tpng)",
                "  svg   a drawing with a fixed layout, each node's user space over its kernel; no Graphviz needed",
                "  json  {scenario, nodes: [{id, kind, host, name, label}], edges: [{from, to, kind}]}",
                ""},
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:the file or an argument was refused", "3:internal error"})
final class GraphCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "FILE", converter = NonEmptyPath.class, description = "The scenario (YAML).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dot", converter = FormatConverter.class,
            completionCandidates = FormatConverter.Candidates.class,
            description = "dot (default), svg or json.")
    Format format;

    enum Format { DOT, SVG, JSON }

    @Override
    protected int execute() {
        Topology topology = Topology.of(ScenarioSource.load(file).scenario().spec());
        String text = switch (format) {
            case DOT -> TopologyDot.render(topology);
            case SVG -> TopologySvg.draw(topology, List.of(), TopologySvg.Words.EN);
            case JSON -> TopologyJson.render(topology);
        };
        out().print(text);
        out().flush();
        if (out().checkError()) throw new BadInputException("cannot write the graph to stdout (closed, or the disk is full)");
        return ExitCodes.OK;
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) if (f.name().toLowerCase(Locale.ROOT).equals(value)) return f;
            throw new CommandLine.TypeConversionException("expected dot, svg or json, found '" + value + "'");
        }

        static final class Candidates implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() { return List.of("dot", "svg", "json").iterator(); }
        }
    }
}
