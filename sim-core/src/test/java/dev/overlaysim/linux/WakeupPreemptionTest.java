package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How processes share a CPU when one is woken: wake-up preemption (a woken process that has had
 * less CPU time than the running one takes the CPU at once, and the running one counts a
 * non-voluntary context switch), and wake-affine placement (with no CPU idle, a process woken by
 * work on one of its machine's CPUs goes to that CPU).
 */
class WakeupPreemptionTest {
    private static final long MS = 1_000_000;

    /** Never sleeps: does 10 µs of user work per step until {@code until}; notes the CPUs it ran on. */
    static final class Hog extends UserProcess {
        final long until;
        final List<Cpu> ranOn = new ArrayList<>();
        Hog(NetNamespace ns, String name, long until) { super(ns, name, false); this.until = until; }
        @Override protected boolean step() {
            Cpu c = ns.world().running();
            if (!ranOn.contains(c)) ranOn.add(c);
            userWork(10_000);
            return now() < until;
        }
    }

    /** Does {@code firstWork} of work when it starts, then blocks; each wake-up, it notes when it ran and where, and blocks again. */
    static final class Sleeper extends UserProcess {
        final long firstWork;
        final List<Long> ranAt = new ArrayList<>();
        final List<Cpu> ranOn = new ArrayList<>();
        private boolean started;
        Sleeper(NetNamespace ns, long firstWork) { super(ns, "sleeper", false); this.firstWork = firstWork; }
        @Override protected void onStart() { if (firstWork > 0) userWork(firstWork); }
        @Override protected boolean step() {
            if (!started) {
                started = true; // the step right after its start: nothing to read yet
                return false;
            }
            ranAt.add(now());
            ranOn.add(ns.world().running());
            return false;
        }
    }

    private static Skb datagram(World w, int i) {
        return w.skbs().alloc(60, new PacketContext(i, null, "f", "h", 0));
    }

    @Test
    void aWokenProcessPreemptsTheRunningOneAtOnceWhichCountsANonVoluntarySwitch() {
        World w = new World(1);
        Host h = w.addHost("h");
        h.placeOn(w.addMachine("m", 1));
        // Two hogs share the CPU in turns of a slice; the sleeper is woken five times, each in the middle of a slice.
        Sleeper s = h.start(new Sleeper(h.root(), 0));
        Hog a = new Hog(h.root(), "a", 100 * MS);
        Hog b = new Hog(h.root(), "b", 100 * MS);
        w.sim().schedule(MS, () -> h.start(a));
        w.sim().schedule(MS, () -> h.start(b));
        long wakeup = h.root().costs().wakeupNanos();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            w.sim().schedule(i * 10 * MS + 500_000, () -> s.readable(datagram(w, n)));
        }
        w.sim().runUntil(300 * MS);

        assertEquals(5, s.ranAt.size());
        for (int i = 0; i < 5; i++) {
            long woken = (i + 1) * 10 * MS + 500_000 + wakeup;
            // It runs once the step in progress (10 µs) ends, not when the running hog's slice does.
            assertTrue(s.ranAt.get(i) - woken <= 10_000, "wake-up " + (i + 1) + " ran " + (s.ranAt.get(i) - woken) + " ns late");
        }
        assertEquals(6, s.voluntarySwitches(), "it blocks after its start and after each wake-up");
        assertEquals(0, s.nonvoluntarySwitches());
        // The hogs take turns from 1 ms until both end near 100 ms, plus one switch per wake-up.
        long switches = a.nonvoluntarySwitches() + b.nonvoluntarySwitches();
        long slices = (a.userNanos() + b.userNanos()) / Cpu.SCHED_SLICE_NANOS;
        assertTrue(Math.abs(switches - 5 - slices) <= 2, "switched out " + switches + " times: " + slices + " slice ends + 5 wake-ups");
    }

    @Test
    void aWokenProcessThatHasHadMoreCpuWaitsItsTurn() {
        World w = new World(1);
        Host h = w.addHost("h");
        h.placeOn(w.addMachine("m", 1));
        // 50 ms of work first, then it sleeps; two hogs share the CPU after it, taking turns of a
        // slice, and have had far less CPU when the sleeper is woken.
        Sleeper s = h.start(new Sleeper(h.root(), 50 * MS));
        Hog a = new Hog(h.root(), "a", 100 * MS);
        Hog b = new Hog(h.root(), "b", 100 * MS);
        w.sim().schedule(60 * MS, () -> h.start(a));
        w.sim().schedule(60 * MS, () -> h.start(b));
        w.sim().schedule(70 * MS + 500_000, () -> s.readable(datagram(w, 1)));
        w.sim().runUntil(200 * MS);

        assertEquals(1, s.ranAt.size());
        long late = s.ranAt.get(0) - (70 * MS + 500_000 + h.root().costs().wakeupNanos());
        // Queued behind both: the running hog's slice ends, then the other's whole slice.
        assertTrue(late > 10_000 && late <= 2 * Cpu.SCHED_SLICE_NANOS, "it waited its turn, not preempting: " + late + " ns");
        long slices = 40 * MS / Cpu.SCHED_SLICE_NANOS;
        assertTrue(Math.abs(a.nonvoluntarySwitches() + b.nonvoluntarySwitches() - slices) <= 2,
                "the hogs were switched out only at the ends of their slices: " + a.nonvoluntarySwitches() + " + " + b.nonvoluntarySwitches());
    }

    /**
     * With no CPU idle, a woken process stays on the CPU it last ran on unless its waker's CPU has
     * fewer runnable processes (wake_affine_weight()'s load comparison). Measured in the twin's lab
     * (UDP backend, iperf3 -b 0): iperf3's server, woken by node2's forwarder writing into flannel0,
     * was on the client's CPU in 179 of 200 samples of /proc/PID/stat's processor field, not on its
     * waker's.
     */
    @Test
    void withNoCpuIdleAWokenProcessStaysOnItsLastCpuWhenItsWakersIsNoLighter() {
        World w = new World(1);
        Host h = w.addHost("h");
        Machine m = w.addMachine("m", 2);
        h.placeOn(m);
        Sleeper s = h.start(new Sleeper(h.root(), 0));
        Hog a = new Hog(h.root(), "a", 100 * MS);
        Hog b = new Hog(h.root(), "b", 100 * MS);
        w.sim().schedule(MS, () -> h.start(a));
        w.sim().schedule(MS, () -> h.start(b));
        w.sim().runUntil(5 * MS);
        assertEquals(1, a.ranOn.size());
        assertEquals(1, b.ranOn.size());
        assertNotSame(a.ranOn.get(0), b.ranOn.get(0), "each hog has a CPU");

        // Woken twice by work done on the CPU that is not the sleeper's last: one hog on each, so that one is no lighter.
        Cpu home = s.ranOn.isEmpty() ? null : s.ranOn.get(0);
        for (int i = 0; i < 2; i++) {
            int n = i;
            w.sim().schedule((10 + 10 * i) * MS - 5 * MS, () -> {
                Cpu last = s.ranOn.isEmpty() ? m.cpu(0) : s.ranOn.get(s.ranOn.size() - 1);
                Cpu other = last == m.cpu(0) ? m.cpu(1) : m.cpu(0);
                w.running(other);
                s.readable(datagram(w, n));
                w.running(null);
            });
        }
        w.sim().runUntil(200 * MS);

        assertEquals(2, s.ranOn.size());
        assertSame(s.ranOn.get(0), s.ranOn.get(1), "it ran on the same CPU both times, not on its waker's");
        Hog there = a.ranOn.get(0) == s.ranOn.get(0) ? a : b;
        Hog elsewhere = there == a ? b : a;
        assertEquals(2, there.nonvoluntarySwitches(), "both wake-ups preempted the hog on the sleeper's CPU");
        assertEquals(0, elsewhere.nonvoluntarySwitches());
    }

    @Test
    void withNoCpuIdleAWokenProcessGoesToItsWakersCpuWhenThatOneIsLighter() {
        World w = new World(1);
        Host h = w.addHost("h");
        Machine m = w.addMachine("m", 2);
        h.placeOn(m);
        Sleeper s = h.start(new Sleeper(h.root(), 0));
        // Three hogs on two CPUs: one CPU has two runnable, the other one.
        for (String name : List.of("a", "b", "c")) {
            Hog hog = new Hog(h.root(), name, 100 * MS);
            w.sim().schedule(MS, () -> h.start(hog));
        }
        Cpu[] expected = new Cpu[1];
        int[] loads = new int[2];
        w.sim().schedule(10 * MS, () -> {
            Cpu lighter = m.cpu(0).runnable() < m.cpu(1).runnable() ? m.cpu(0) : m.cpu(1);
            Cpu heavier = lighter == m.cpu(0) ? m.cpu(1) : m.cpu(0);
            loads[0] = lighter.runnable();
            loads[1] = heavier.runnable();
            s.migratedTo(heavier); // its last CPU is the busier one
            expected[0] = lighter;
            w.running(lighter);
            s.readable(datagram(w, 0));
            w.running(null);
        });
        w.sim().runUntil(50 * MS);
        assertTrue(loads[0] < loads[1], "the waker's CPU has fewer runnable: " + loads[0] + " against " + loads[1]);
        assertEquals(List.of(expected[0]), s.ranOn, "it ran on its waker's CPU, the lighter one");
    }
}
