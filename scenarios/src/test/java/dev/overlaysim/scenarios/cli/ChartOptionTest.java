package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --chart FILE}: the load curve as SVG, the same bytes every run; refused before running when there is nothing to draw. */
class ChartOptionTest {

    private static Path smallLoadCurve(Path dir) throws Exception {
        String yaml = Files.readString(Path.of("examples", "load-three-backends.yaml"))
                .replace("duration: 100ms", "duration: 20ms")
                .replace("rates: [1kpps, 10kpps, 50kpps, 100kpps, 150kpps, 200kpps, 300kpps, 400kpps]", "rates: [10kpps, 200kpps]");
        Path f = dir.resolve("curve.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void drawsEachBackendsCurveAndTheSameFileGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Path f = smallLoadCurve(dir);
        Cli first = Cli.run("run", f.toString(), "--trace", "summary", "--chart", dir.resolve("a.svg").toString());
        Cli second = Cli.run("run", f.toString(), "--trace", "summary", "--chart", dir.resolve("b.svg").toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("load curve drawn to " + dir.resolve("a.svg"));
        String svg = Files.readString(dir.resolve("a.svg"));
        assertThat(svg).startsWith("<?xml").contains("<svg ").contains(">udp<", ">vxlan<", ">host-gw<", "offered (thousand datagrams per second)");
        assertThat(Files.readAllBytes(dir.resolve("b.svg"))).isEqualTo(Files.readAllBytes(dir.resolve("a.svg")));
        assertThat(second.exit()).isZero();
    }

    @Test
    void aFileWithoutALoadCurveIsRefusedBeforeAnythingRunsOrIsWritten(@TempDir Path dir) throws Exception {
        Path pcaps = dir.resolve("pcaps");
        Cli r = Cli.run("run", Path.of("examples", "seed-vxlan.yaml").toString(), "--chart", dir.resolve("c.svg").toString(),
                "--pcap", pcaps.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.all()).contains("--chart: ").contains("has no load curve (compare: with rates:); nothing to draw")
                .doesNotContain("summary");
        assertThat(dir.resolve("c.svg")).doesNotExist();
        assertThat(pcaps).doesNotExist();

        Cli directory = Cli.run("run", smallLoadCurve(dir).toString(), "--chart", dir.toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.all()).contains("--chart " + dir + " is a directory; expected a file name (FILE.svg)");
    }
}
