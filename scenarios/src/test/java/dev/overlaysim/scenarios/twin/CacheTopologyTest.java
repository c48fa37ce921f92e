package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the CPUs share a last-level cache, read from sysfs as the twin reads this machine's. */
class CacheTopologyTest {
    @TempDir Path sys;

    private void cache(int cpu, int index, int level, String shared) throws IOException {
        Path d = Files.createDirectories(sys.resolve("cpu" + cpu).resolve("cache").resolve("index" + index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
    }

    @Test
    void aServerWhoseL3SpansEveryCpuShares() throws IOException {
        for (int c = 0; c < 4; c++) {
            cache(c, 0, 1, String.valueOf(c));
            cache(c, 2, 2, String.valueOf(c));
            cache(c, 3, 3, "0-3");
        }
        assertThat(CacheTopology.of(sys, 4)).isEqualTo(CacheTopology.Llc.SHARED);
        assertThat(CacheTopology.line(CacheTopology.Llc.SHARED)).contains("share a last-level cache, as the model");
    }

    @Test
    void twoSocketsSplitTheLastLevelCache() throws IOException {
        cache(0, 3, 3, "0-1");
        cache(1, 3, 3, "0-1");
        cache(2, 3, 3, "2-3");
        cache(3, 3, 3, "2-3");
        assertThat(CacheTopology.of(sys, 4)).isEqualTo(CacheTopology.Llc.SPLIT);
    }

    @Test
    void aVmThatListsNoCachesSharesNone() throws IOException {
        // The development VM: cpuN/cache exists and is empty.
        Files.createDirectories(sys.resolve("cpu0").resolve("cache"));
        Files.createDirectories(sys.resolve("cpu1").resolve("cache"));
        assertThat(CacheTopology.of(sys, 2)).isEqualTo(CacheTopology.Llc.NONE);
        assertThat(CacheTopology.of(sys.resolve("absent"), 2)).isEqualTo(CacheTopology.Llc.NONE);
        assertThat(CacheTopology.line(CacheTopology.Llc.NONE)).startsWith("its CPUs list no caches").contains("no last-level cache");
    }

    @Test
    void aPrivateL2DoesNotCountWhenAnL3IsShared() throws IOException {
        for (int c = 0; c < 2; c++) {
            cache(c, 2, 2, String.valueOf(c));
            cache(c, 3, 3, "0,1");
        }
        assertThat(CacheTopology.of(sys, 2)).isEqualTo(CacheTopology.Llc.SHARED);
    }

    @Test
    void kernelCpuListsAreRangesAndSingles() {
        assertThat(CacheTopology.cpuList("0-3,8,10-11").stream().boxed().toList()).isEqualTo(List.of(0, 1, 2, 3, 8, 10, 11));
        assertThat(CacheTopology.cpuList("").isEmpty()).isTrue();
    }

    @Test
    void theReportSaysItUnderThePlacementLine() {
        String text = new LoadReport(2, 2, "iperf 3.12", "", List.of(), List.of(), 1, CacheTopology.line(CacheTopology.Llc.NONE)).text();
        assertThat(text).contains("(machine: {cpus: 2})\n  caches: its CPUs list no caches");
    }
}
