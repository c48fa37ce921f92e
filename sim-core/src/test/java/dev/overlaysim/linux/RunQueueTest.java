package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.UserProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** EEVDF's rules one at a time, on one run queue of a 2-CPU machine (slice 1.5 ms). */
class RunQueueTest {
    private static final long SLICE = 1_500_000;

    static final class Task extends UserProcess {
        Task(NetNamespace ns, String name) { super(ns, name, false); }
        @Override protected boolean step() { return false; }
    }

    private final World w = new World(1);
    private final Host h = w.addHost("h");
    private final Machine m = w.addMachine("m", 2);
    private final Cpu cpu;
    private final RunQueue rq;

    RunQueueTest() {
        h.placeOn(m);
        cpu = m.cpu(0);
        rq = new RunQueue(cpu, 2);
    }

    private Task task(String name) { return new Task(h.root(), name); }

    /** a and b queued level, a runs 400 µs and blocks 200 µs ahead of the average: it stays, delayed. */
    private Task[] aDelayedAheadOfB() {
        Task a = task("a"), b = task("b");
        rq.enqueue(a, cpu, 0, null);
        rq.enqueue(b, cpu, 0, null);
        a.sched().ran(400_000);
        assertTrue(rq.block(a), "a is 200 µs ahead of the average: delayed");
        return new Task[] {a, b};
    }

    @Test
    void theSliceIsTheBaseSliceScaledByTheCpusAndTheLagLimitIsATickOrTwoSlices() {
        assertEquals(750_000, new RunQueue(cpu, 1).slice());
        assertEquals(1_500_000, rq.slice());
        assertEquals(2_250_000, new RunQueue(cpu, 4).slice());
        assertEquals(3_000_000, new RunQueue(cpu, 64).slice(), "the factor stops at 8 CPUs");
        // A task that had far less than its share keeps at most max(2 slices, 4 ms tick) = 4 ms of lag.
        Task a = task("a"), b = task("b");
        rq.enqueue(a, cpu, 0, null);
        rq.enqueue(b, cpu, 0, null);
        a.sched().ran(20_000_000);
        assertFalse(rq.block(b), "b is behind: it leaves");
        assertEquals(4_000_000, b.sched().vlag());
    }

    @Test
    void aWokenTaskIsPlacedAtTheAverageLessItsLagScaledByTheQueueItJoins() {
        Task a = task("a"), b = task("b"), c = task("c");
        rq.enqueue(a, cpu, 0, null);
        long base = a.sched().vruntime();
        rq.enqueue(b, cpu, 0, null);
        assertEquals(base, b.sched().vruntime(), "no lag: at the average");
        assertEquals(base + SLICE, b.sched().deadline());
        a.sched().ran(300_000);
        c.sched().vlag = 100_000;
        rq.enqueue(c, cpu, 0, null);
        // average of a and b = base + 150 µs; lag 100 µs × (2 + 1) / 2 = 150 µs: c at base,
        // and the average with c is base + 100 µs, exactly its lag ahead of it.
        assertEquals(base, c.sched().vruntime());
        assertEquals(base + SLICE, c.sched().deadline());
    }

    @Test
    void theRunningTaskKeepsTheCpuWhileEligibleAndProtectedElseTheEligibleEarliestDeadlineRuns() {
        Task a = task("a"), b = task("b");
        rq.enqueue(a, cpu, 0, null);
        rq.setNext(a);
        rq.enqueue(b, cpu, 0, null); // no lag: level with a, so a is eligible and protected
        assertSame(a, rq.pick(a, 0, true));
        assertSame(b, rq.pick(a, 0, false), "unprotected: deadlines equal, the queued one goes first (entity_before() is strict)");
        // 100 µs of work in a's slice so far: a is ahead of the average, not eligible, and b runs.
        assertSame(b, rq.pick(a, 100_000, true));
        // a blocked (level with b: no lag, it leaves): the other one.
        assertFalse(rq.block(a));
        assertSame(b, rq.pick(null, 0, true));
    }

    @Test
    void aWokenTaskWithPositiveLagMakesALoneRunningTaskIneligible() {
        Task a = task("a"), b = task("b");
        rq.enqueue(a, cpu, 0, null);
        rq.setNext(a);
        b.sched().vlag = 1; // a nanosecond of lag is enough
        rq.enqueue(b, cpu, 0, null);
        assertSame(b, rq.pick(a, 0, true));
    }

    @Test
    void aTaskThatBlocksAheadOfTheAverageStaysQueuedDelayedAndIsWokenWhereItIs() {
        Task[] ab = aDelayedAheadOfB();
        Task a = ab[0], b = ab[1];
        assertSame(cpu, a.sched().delayedOn());
        assertEquals(1, rq.runnable());
        assertTrue(rq.contains(a));
        long v = a.sched().vruntime();
        // Woken while still delayed and still ahead: runnable again where it was, not re-placed.
        rq.enqueue(a, cpu, 0, null);
        assertNull(a.sched().delayedOn());
        assertEquals(v, a.sched().vruntime());
        assertEquals(2, rq.runnable());
        // Blocks again; b catches up past it, then a's wake-up finds positive lag: placed anew at b's vruntime, no lag.
        assertTrue(rq.block(a));
        b.sched().ran(1_000_000);
        rq.enqueue(a, cpu, 0, null);
        assertEquals(b.sched().vruntime(), a.sched().vruntime());
        assertEquals(b.sched().vruntime() + SLICE, a.sched().deadline());
    }

    @Test
    void whenNothingIsRunnableTheDelayedLeave() {
        Task[] ab = aDelayedAheadOfB();
        Task a = ab[0], b = ab[1];
        assertFalse(rq.block(b), "b is behind a: it leaves with its lag");
        assertEquals(200_000, b.sched().vlag());
        rq.flushDelayed();
        assertFalse(rq.contains(a));
        assertNull(a.sched().delayedOn());
        assertEquals(0, a.sched().vlag(), "alone, a is the average: it leaves with lag 0");
    }

    @Test
    void aDelayedTaskLeavingWithPositiveLagKeepsNone() {
        Task[] ab = aDelayedAheadOfB();
        Task a = ab[0], b = ab[1];
        b.sched().ran(2_000_000); // b passes a: a's lag is now positive
        rq.dequeueDelayed(a);
        assertEquals(0, a.sched().vlag());
        assertFalse(rq.contains(a));
    }
}
