package dev.overlaysim.scenarios.twin;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /proc parsing, on lines as Linux 6.18 writes them (proc(5)). */
class ProcFilesTest {
    @Test
    void cpuTicksAreUtimePlusStimeCountedAfterTheCommandName() {
        // comm may hold spaces and ')': fields are counted after the last ')'. utime 1234, stime 567.
        String stat = "4242 (osim helper) x) S 4200 4242 4522 0 -1 4194560 99 0 0 0 1234 567 0 0 20 0 1 0 1335982 3133440 362"
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        assertThat(ProcFiles.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void aStatLineWithoutItsFieldsIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> ProcFiles.cpuTicks("4242 osim-helper S 1"))
                .isInstanceOf(TwinException.class)
                .hasMessage("unexpected /proc/PID/stat: no ')' closing the command name in '4242 osim-helper S 1'");
        assertThatThrownBy(() -> ProcFiles.cpuTicks("4242 (osim-helper) S 1 2 3"))
                .hasMessage("unexpected /proc/PID/stat: 6 fields (expected: 15 or more) in '4242 (osim-helper) S 1 2 3'");
    }

    @Test
    void contextSwitchesComeFromTheirTwoStatusLines() {
        String status = "Name:\tosim-helper\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t15030\nnonvoluntary_ctxt_switches:\t27\n";
        assertThat(ProcFiles.switches(status)).containsExactly(15030, 27);
        assertThatThrownBy(() -> ProcFiles.switches("Name:\tx\nvoluntary_ctxt_switches:\t1\n"))
                .hasMessage("unexpected /proc/PID/status: no nonvoluntary_ctxt_switches line in 'Name:\tx'");
    }

    @Test
    void countersSubtract() {
        ProcFiles.ProcessCounters d = new ProcFiles.ProcessCounters(150, 10_300, 40).minus(new ProcFiles.ProcessCounters(50, 300, 10));
        assertThat(d).isEqualTo(new ProcFiles.ProcessCounters(100, 10_000, 30));
        assertThat(d.switches()).isEqualTo(10_030);
    }

    @Test
    void netDevGivesPacketsReceivedAndTransmittedPerDevice() {
        String dev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
                flannel0: 71428000   50020    0    0    0     0          0         0 14284000   10003    0  812    0     0       0          0
                  eth0: 75000000   50100    0    0    0     0          0         0 75000000   50090    0    0    0     0       0          0
                """;
        Map<String, ProcFiles.DevPackets> d = ProcFiles.netDev(dev);
        assertThat(d.keySet()).containsExactly("lo", "flannel0", "eth0");
        assertThat(d.get("flannel0")).isEqualTo(new ProcFiles.DevPackets(50_020, 10_003));
        assertThatThrownBy(() -> ProcFiles.netDev("  eth0: 1 2 3\n"))
                .hasMessage("unexpected /proc/net/dev: 'eth0: 1 2 3' has 3 counters (expected: 16) in 'eth0: 1 2 3'");
    }

    @Test
    void thisProcessCanBeRead() {
        ProcFiles.ProcessCounters c = ProcFiles.read(ProcessHandle.current().pid());
        assertThat(c.cpuTicks()).isPositive();
        assertThat(c.switches()).isPositive();
    }

    @Test
    void aBusyProcesssCpuTimeFromSchedstatIsInNanosecondsAndAgreesWithItsTicks() throws Exception {
        // A single-threaded process (schedstat is its main thread's, as the forwarder is one thread) spinning in
        // shell builtins only (no fork, so all its work is its own). How much CPU it gets depends on what else the
        // machine runs, so the test waits (bounded) until it has used 30 ticks, and then checks schedstat against
        // /proc/PID/stat, which Linux scales to the same sum_exec_runtime (cputime_adjust) and truncates to ticks.
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 2000000000 ]; do i=$((i+1)); done").start();
        try {
            long tick = 10_000_000L; // CLK_TCK 100
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (ProcFiles.read(p.pid()).cpuTicks() < 30) {
                assertThat(System.nanoTime()).as("the spinning shell got 30 ticks of CPU within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            long ticksBefore = ProcFiles.read(p.pid()).cpuTicks();
            long nanos = ProcFiles.cpuNanos(p.pid(), 100);
            long ticksAfter = ProcFiles.read(p.pid()).cpuTicks();
            // stat's sum_exec_runtime is the one of the last tick or switch (4 ms ticks at HZ=250, and it is
            // truncated to 10 ms clock ticks); schedstat's adds the running delta (task_sched_runtime()).
            long slack = 3 * tick;
            assertThat(nanos).as("schedstat ns between the ticks read before and after it")
                    .isBetween(ticksBefore * tick - slack, ticksAfter * tick + slack);
            long later = ProcFiles.cpuNanos(p.pid(), 100);
            while (later == nanos) {
                assertThat(System.nanoTime()).as("schedstat grew within 60 s").isLessThan(deadline);
                Thread.sleep(20);
                later = ProcFiles.cpuNanos(p.pid(), 100);
            }
            assertThat(later).as("schedstat grows with the work").isGreaterThan(nanos);
            assertThat(nanos % tick != 0 || later % tick != 0).as("nanoseconds, not whole 10 ms ticks").isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }
}
