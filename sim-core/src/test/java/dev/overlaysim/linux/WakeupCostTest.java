package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a wake-up costs in CPU time: the waker pays {@code wakeupCpu} (try_to_wake_up and the IPI)
 * in its own system time — also when the wakee blocks only after the packet was queued, the
 * delivery's CPU then paying afterwards — and the woken process pays {@code contextSwitch} when it
 * is switched back in.
 */
class WakeupCostTest {
    private static final long US = 1_000;
    private static final CostModel COSTS = new CostModel(1_000, 50, 1_000, 500, 400, 400, 2_000, 5_000, 3_000, 0);

    /** Reads the packets queued for it once each is there ({@code readyAt}), doing {@code work} of user work per step. */
    static final class Reader extends UserProcess {
        final ArrayDeque<Skb> queue = new ArrayDeque<>();
        final long work;
        int read;
        Reader(NetNamespace ns, long work) { super(ns, "reader", false); this.work = work; }
        void deliver(Skb skb, long delay) {
            skb.delay = delay;
            skb.readyAt = ns.now() + delay;
            queue.addLast(skb);
            readable(skb);
        }
        @Override protected Skb nextQueued() { return queue.peekFirst(); }
        @Override protected boolean step() {
            if (work > 0 && read == 0 && queue.isEmpty()) {
                userWork(work); // busy for a while before anything is queued
                read = -1;
                return true;
            }
            Skb head = queue.peekFirst();
            if (head == null || head.readyAt > now()) return false;
            queue.pollFirst();
            read = Math.max(read, 0) + 1;
            return true;
        }
    }

    /** Does {@code before} of user work, then queues one packet for {@code to} (as a sendto()'s softirq would), then stops. */
    static final class Waker extends UserProcess {
        final Reader to;
        final long before;
        boolean done;
        Waker(NetNamespace ns, Reader to, long before) { super(ns, "waker", false); this.to = to; this.before = before; }
        @Override protected boolean step() {
            if (done) return false;
            done = true;
            userWork(before);
            to.deliver(ns.world().skbs().alloc(60, new PacketContext(1, null, "f", "h", 0)), elapsed());
            return false;
        }
    }

    /**
     * A wake-up onto the waker's own CPU sends no IPI: with {@code wakeupLocal} set, that is what it
     * costs the waker (one CPU: the reader can go nowhere else), while onto the other, idle, CPU of
     * a two-CPU machine it costs {@code wakeupCpu} as before.
     */
    @Test
    void aWakeUpOntoTheWakersOwnCpuCostsItWakeupLocal() {
        CostModel costs = new CostModel(1_000, 50, 1_000, 500, 400, 400, 2_000, 5_000, 3_000, 0, 0, 0, 0, 1_200);
        for (int cpus = 1; cpus <= 2; cpus++) {
            long[] sys = wakeOnce(costs, cpus, 100 * US);
            assertEquals(cpus == 1 ? 1_200 : 5_000, sys[0], cpus + " CPU(s): the waker's system time is the wake-up it paid for");
        }
    }

    @Test
    void wakingASleepingProcessCostsTheWakerItsWakeupCpuAndTheWokenItsSwitch() {
        World w = new World(1, COSTS);
        Host h = w.addHost("h");
        h.placeOn(w.addMachine("m", 2));
        Reader r = h.start(new Reader(h.root(), 0));
        w.sim().runUntil(100 * US); // it found nothing and blocked
        assertEquals(0, r.systemNanos(), "nothing woke it yet");
        Waker k = new Waker(h.root(), r, 10 * US);
        w.sim().schedule(0, () -> h.start(k));
        w.sim().runUntil(1_000 * US);

        assertEquals(1, r.read);
        assertEquals(10 * US, k.userNanos());
        assertEquals(COSTS.wakeupCpuNanos(), k.systemNanos(), "the waker's system time is the wake-up it paid for");
        assertEquals(COSTS.contextSwitchNanos(), r.systemNanos(), "the woken reader's system time is its switch back in");
    }

    @Test
    void aProcessThatBlocksBeforeItsPacketIsThereIsWokenAtTheDeliveringCpusExpense() {
        World w = new World(1, COSTS);
        Host h = w.addHost("h");
        h.placeOn(w.addMachine("m", 2));
        // The reader is busy for 20 µs; meanwhile the waker, on the other CPU, queues a packet that is
        // there only 35 µs in (its own work first): the reader blocks at 20 µs and is woken by that delivery.
        Reader r = new Reader(h.root(), 20 * US);
        Waker k = new Waker(h.root(), r, 30 * US);
        w.sim().schedule(0, () -> h.start(r));
        w.sim().schedule(5 * US, () -> h.start(k));
        w.sim().runUntil(1_000 * US);

        assertEquals(1, r.read);
        assertEquals(30 * US, k.userNanos());
        assertEquals(COSTS.wakeupCpuNanos(), k.systemNanos(), "the wake-up owed by its delivery is the waker's system time");
        assertEquals(COSTS.contextSwitchNanos(), r.systemNanos());
        assertEquals(1, r.voluntarySwitches() - 1, "it blocked once waiting for the packet (and once at the end)");
    }

    /** The reader blocks at once; the waker queues its packet after 10 µs of work: the reader's CPU has been idle about 10 µs. */
    private static long[] wakeAfterTenMicrosIdle(long haltPoll) {
        return wakeOnce(new CostModel(1_000, 50, 1_000, 500, 400, 400, 2_000, 5_000, 3_000, 0, haltPoll, 800, 1_200), 2, 0);
    }

    /**
     * A reader starts on a machine of {@code cpus} CPUs and blocks; {@code idle} later a waker starts,
     * works 10 µs and queues it one packet. Returns the waker's and the reader's system time.
     */
    private static long[] wakeOnce(CostModel costs, int cpus, long idle) {
        World w = new World(1, costs);
        Host h = w.addHost("h");
        h.placeOn(w.addMachine("m", cpus));
        Reader r = h.start(new Reader(h.root(), 0));
        if (idle > 0) w.sim().runUntil(idle);
        Waker k = new Waker(h.root(), r, 10 * US);
        w.sim().schedule(0, () -> h.start(k));
        w.sim().runUntil(idle + 1_000 * US);
        assertEquals(1, r.read);
        return new long[] {k.systemNanos(), r.systemNanos()};
    }

    @Test
    void aCpuIdleForLessThanHaltPollIsCheapToWakeAndOneIdleLongerCostsTheFullFigures() {
        assertArrayEquals(new long[] {800, 1_200}, wakeAfterTenMicrosIdle(50 * US),
                "idle 10 µs < haltPoll 50 µs: wakeupCpuWarm for the waker, contextSwitchWarm for the woken");
        assertArrayEquals(new long[] {5_000, 3_000}, wakeAfterTenMicrosIdle(5 * US),
                "idle 10 µs ≥ haltPoll 5 µs: the CPU was halted: wakeupCpu and contextSwitch");
        assertArrayEquals(new long[] {5_000, 3_000}, wakeAfterTenMicrosIdle(0), "haltPoll 0: always the full figures");
    }

    @Test
    void theStepIsAtHaltPoll() {
        CostModel c = new CostModel(0, 0, 0, 0, 0, 0, 0, 9_000, 8_000, 0, 8_000, 1_000, 2_500);
        assertEquals(1_000, c.wakeupCpuNanos(0), "a busy CPU: no halted vCPU to kick");
        assertEquals(1_000, c.wakeupCpuNanos(7_999));
        assertEquals(9_000, c.wakeupCpuNanos(8_000));
        assertEquals(2_500, c.contextSwitchNanos(7_999));
        assertEquals(8_000, c.contextSwitchNanos(8_000));
        assertEquals(9_000, new CostModel(0, 0, 0, 0, 0, 0, 0, 9_000, 8_000, 0).wakeupCpuNanos(0), "no haltPoll: the full figure");
    }

    @Test
    void withTheDefaultsAWakeUpCostsNoCpu() {
        assertArrayEquals(new long[] {0, 0}, wakeOnce(CostModel.DEFAULT, 2, 100 * US));
    }
}
