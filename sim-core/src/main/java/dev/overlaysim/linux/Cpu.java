package dev.overlaysim.linux;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.linux.proc.UserProcess;

import java.util.ArrayDeque;

/**
 * One CPU of a host. Work takes time on it: receive softirqs (a NIC's NAPI poll, one frame at a
 * time, carried through the whole stack as {@code net_rx_action} does) and the slices of the
 * processes scheduled on it. While it is busy, work waits: frames in their NIC's receive ring,
 * processes in the run queue.
 *
 * <p>How long an item takes is what the cost model charges while it runs: every charge of kernel
 * or user work ({@link World#charge}) adds to this CPU's {@link #meter()}, and the CPU stays busy
 * until the item's start plus its meter. An item that finds the CPU idle runs inside the event that
 * made it (the frame's arrival, the wake-up), so an idle host is timed, and ordered, exactly as a
 * host with infinite CPUs.
 *
 * <p>Softirq has priority, as on Linux: it runs when an interrupt returns, before the interrupted
 * process continues. Like {@code net_rx_action}, one softirq run handles at most
 * {@link #NETDEV_BUDGET} frames or {@link #NETDEV_BUDGET_NANOS}; when it is cut short with frames
 * left it counts a {@code time_squeeze} and the rest goes to ksoftirqd, a thread that shares the
 * CPU fairly with the runnable process (which counts a non-voluntary context switch).
 *
 * <p>Processes share a CPU as EEVDF shares it ({@link RunQueue}): the running one keeps it until
 * it blocks, or a wake-up or the end of its slice makes another the pick; then it counts a
 * non-voluntary context switch, and pays a switch out and back in when it next runs. The end of a
 * slice is noticed only where Linux calls update_curr(): at the scheduler tick (HZ=250, every
 * 4 ms; no HRTICK) or when a process is enqueued here, so a process runs up to a tick past its
 * deadline. A process runs in steps (one packet's work, typically), and a switch happens between
 * steps, as one flagged by need_resched happens when the running task returns from its system
 * call.
 */
public final class Cpu {
    /** net.core.netdev_budget: frames one softirq run may process. */
    public static final int NETDEV_BUDGET = 300;
    /** net.core.netdev_budget_usecs: 2000 µs, the time one softirq run may take. */
    public static final long NETDEV_BUDGET_NANOS = 2_000_000;

    private final Machine machine;
    private final int index;
    private final Simulator sim;
    private final World world;
    private final ArrayDeque<Napi> pollList = new ArrayDeque<>();
    private final Backlog backlog;
    private final RunQueue rq;
    /** cfs_rq->curr: the process that holds this CPU (running, or next once a softirq ends), null if none. */
    private UserProcess curr;
    /** need_resched: the next process is picked when the current one's step ends. */
    private boolean needResched;
    /** The process whose steps the scheduler tick is counted for, and the tick (jiffy) its last step ended in. */
    private UserProcess ticking;
    private long tick;
    /** The process inside runSlice now, and the meter when its slice began: its vruntime lags by the difference. */
    private UserProcess slicing;
    private long sliceStart;
    private final Runnable dispatch = this::dispatch;
    private boolean dispatchPosted;
    private boolean running;
    private long busyUntil;
    private UserProcess inProcess;
    /** Work done for earlier items and known only now ({@link #chargeAfterwards}): the next dispatch begins with it. */
    private long owed;
    private long meter;
    /** When this CPU last ran out of work (halted), and whether it has since: what a wake-up onto it costs depends on how long ago. */
    private long idleSince;
    private boolean halted = true;
    /** How long it had been idle before the item running now began (0 unless that item woke it from idle). */
    private long idleBefore;

    // Softirq budget and ksoftirqd's fair share.
    private int burstFrames;
    private long burstNanos;
    private long owedToProcesses;

    // /proc/stat, in nanoseconds.
    private long user;
    private long system;
    private long softirq;
    // /proc/net/softnet_stat.
    private long processed;
    private long timeSqueeze;

    Cpu(Machine machine, int index) {
        this.machine = machine;
        this.index = index;
        this.world = machine.world();
        this.sim = world.sim();
        this.backlog = new Backlog(this);
        this.rq = new RunQueue(this, machine.cpuCount());
    }

    public int index() { return index; }
    public Machine machine() { return machine; }

    /** This CPU's backlog (softnet_data's input_pkt_queue): where a veth puts what it hands on. */
    public Backlog backlog() { return backlog; }

    /** Work charged to the item running now, in nanoseconds since it started. */
    public long meter() { return meter; }

    void charge(long nanos) { meter += nanos; }

    /**
     * Work this CPU did for a packet whose consequence is known only later (the wake-up its
     * sk_data_ready owed a process that blocked before the packet was there): it is added to
     * whatever runs here next, as softirq time, or delays the next item if the CPU is idle now.
     */
    public void chargeAfterwards(long nanos, UserProcess in) {
        if (nanos <= 0) return;
        if (running) {
            meter += nanos;
            return;
        }
        owed += nanos; // the next item here starts that much later
        if (in != null) {
            in.ranSoftirq(nanos, Math.max(busyUntil, sim.now()) + nanos); // its system call did the delivery: its system time
            system += nanos;
        } else {
            softirq += nanos;
        }
    }

    /** The process whose slice (or the softirq its system call runs on return) is running here now; null in a softirq of its own. */
    public UserProcess inProcess() { return inProcess; }

    /** Idle: nothing running, nothing waiting, and the last item has finished. */
    public boolean idle() {
        return !running && !dispatchPosted && busyUntil <= sim.now() && pollList.isEmpty() && rq.runnable() == 0;
    }

    /** How long this CPU has been idle at {@code t} (0 while it has work): what an IPI to it costs ({@link CostModel#wakeupCpuNanos(long)}). */
    public long idleFor(long t) {
        return idle() && halted ? Math.max(0, t - idleSince) : 0;
    }

    /** How long this CPU had been idle before the item running now began; 0 if it came straight from other work. */
    public long idleBefore() { return idleBefore; }

    /** Processes that can run here now, the running one included. */
    public int runnable() { return rq.runnable(); }

    /** EEVDF's base slice on this machine (sysctl_sched_base_slice). */
    public long schedSlice() { return rq.slice(); }

    /** A NAPI instance (a NIC's ring, this CPU's backlog) has frames: schedule its poll here (napi_schedule). */
    public void raiseNapi(Napi napi) {
        pollList.addLast(napi);
        kick();
    }

    /**
     * A process became runnable on this CPU (it was woken, or started): it joins the run queue,
     * placed with its lag, and preempts the process holding the CPU if it is now the one EEVDF
     * would pick (check_preempt_wakeup_fair()).
     */
    public void enqueue(UserProcess p) {
        long extra = slicing != null ? meter - sliceStart : 0;
        rq.enqueue(p, this, extra, slicing);
        if (curr != null && curr != p && !needResched) {
            long currExtra = slicing == curr ? extra : 0;
            // enqueue_entity()'s update_curr(): a slice or protection that ran out since the last
            // tick is noticed now; else the woken one preempts if it is the pick.
            if (rq.update(curr, currExtra) || rq.pick(curr, currExtra, true) == p) needResched = true;
        }
        kick();
    }

    /** The process to run now: the current one unless a reschedule is due, else EEVDF's pick. */
    private UserProcess pickNext() {
        if (curr != null && !needResched) return curr;
        needResched = false;
        while (true) {
            UserProcess best = rq.pick(curr, 0, true);
            if (best.sched().delayedOn() != null) { // picked while blocked: it leaves the queue now
                rq.dequeueDelayed(best);
                continue;
            }
            if (best != curr) {
                if (curr != null) curr.preempted();
                rq.setNext(best);
                curr = best;
            }
            return best;
        }
    }

    private void kick() {
        if (running || dispatchPosted) return;
        long now = sim.now();
        if (busyUntil <= now && world.running() == null) {
            dispatch(); // idle: the work runs inside the event that brought it
        } else {
            dispatchPosted = true;
            sim.post(Math.max(0, busyUntil - now), dispatch);
        }
    }

    private void dispatch() {
        dispatchPosted = false;
        running = true;
        world.running(this);
        meter = owed;
        owed = 0;
        long now = sim.now();
        idleBefore = halted ? Math.max(0, now - idleSince) : 0;
        halted = false;
        while (true) {
            if (pollList.isEmpty() && rq.runnable() == 0) {
                rq.flushDelayed();
                steal();
                if (rq.runnable() == 0) break;
            }
            // Go on inside this event only while nothing else can happen before the work done so far ends.
            if (meter > 0 && now + meter >= sim.nextEventTime()) break;
            boolean softirqFirst = !pollList.isEmpty() && (owedToProcesses <= 0 || rq.runnable() == 0);
            if (softirqFirst) {
                softirqFrame();
            } else if (rq.runnable() > 0) {
                processSlice();
            }
            idleBefore = 0;
        }
        world.running(null);
        running = false;
        busyUntil = now + meter;
        if (!pollList.isEmpty() || rq.runnable() > 0) {
            dispatchPosted = true;
            sim.post(meter, dispatch);
        } else {
            halted = true;
            idleSince = busyUntil;
        }
    }

    private void softirqFrame() {
        Napi napi = pollList.peekFirst();
        long before = meter;
        if (rq.runnable() == 0) owedToProcesses = 0;
        boolean more = napi.pollOne(meter);
        if (!more) pollList.pollFirst();
        processed++;
        long spent = meter - before;
        softirq += spent;
        burstFrames++;
        burstNanos += spent;
        if (pollList.isEmpty()) {
            burstFrames = 0;
            burstNanos = 0;
        } else if (burstFrames >= NETDEV_BUDGET || burstNanos >= NETDEV_BUDGET_NANOS) {
            // net_rx_action ran out of budget with work left: ksoftirqd takes over and is scheduled
            // like any thread, so a runnable process gets as much time as the softirq just had.
            timeSqueeze++;
            if (rq.runnable() > 0) {
                owedToProcesses = burstNanos;
                if (curr != null) curr.preempted();
            }
            burstFrames = 0;
            burstNanos = 0;
        }
    }

    private void processSlice() {
        UserProcess p = pickNext();
        long before = meter;
        if (p != ticking) {
            ticking = p;
            tick = (sim.now() + meter) / RunQueue.TICK_NANOS;
        }
        inProcess = p;
        slicing = p;
        sliceStart = meter;
        boolean more = p.runSlice(this);
        slicing = null;
        if (backlog.queued() > 0 && !p.exited()) softirqOnReturn(p);
        inProcess = null;
        owedToProcesses -= meter - before;
        long tickNow = (sim.now() + meter) / RunQueue.TICK_NANOS;
        boolean ticked = tickNow > tick;
        tick = tickNow;
        if (p.exited()) {
            rq.exit(p);
            curr = null;
            ticking = null;
        } else if (!more) {
            rq.update(p, 0); // dequeue_entity()'s update_curr(): a deadline passed is renewed
            rq.block(p); // it blocked: its lag goes with it, or it stays queued, delayed
            curr = null;
            ticking = null;
        } else if (ticked && rq.update(p, 0)) {
            // The tick's update_curr() found its slice, or its protection, used up with another
            // queued. Only then, or when a wake-up onto this CPU calls update_curr(): between the
            // two (HZ=250, no HRTICK) a process runs past its deadline, up to a tick.
            needResched = true;
        }
    }

    /**
     * What the process's system call left on this CPU's backlog (a veth's netif_rx) runs before the
     * call returns: local_bh_enable() runs the pending softirq in the process's context, within
     * net_rx_action's budget; what is left goes to ksoftirqd (the poll list). Until then the
     * process cannot run anywhere else, and with tick-based accounting (Debian's and this
     * project's machines: no CONFIG_IRQ_TIME_ACCOUNTING) the time counts as the process's system
     * time and as the CPU's softirq time.
     */
    private void softirqOnReturn(UserProcess p) {
        long before = meter;
        int frames = 0;
        boolean more = true;
        while (more && frames < NETDEV_BUDGET && meter - before < NETDEV_BUDGET_NANOS) {
            more = backlog.pollOne(meter);
            processed++;
            frames++;
        }
        if (!more) pollList.remove(backlog);
        else timeSqueeze++;
        long spent = meter - before;
        softirq += spent;
        p.ranSoftirq(spent, sim.now() + meter);
    }

    /** Idle balancing: an idle CPU pulls a waiting process from the busiest other CPU of its machine. */
    private void steal() {
        Cpu busiest = null;
        for (int i = 0; i < machine.cpuCount(); i++) {
            Cpu c = machine.cpu(i);
            int n = c.rq.runnable();
            boolean waiting = n > 0 && (c.running || c.busyUntil > sim.now() || n > 1);
            if (c != this && waiting && (busiest == null || n > busiest.rq.runnable())) busiest = c;
        }
        if (busiest == null) return;
        UserProcess p = busiest.rq.lastRunnable(null);
        if (p != null && p.sliceEnd() <= sim.now()) {
            busiest.rq.migrate(p);
            if (busiest.curr == p) busiest.curr = null;
            p.migratedTo(this);
            rq.enqueue(p, this, 0, null);
        }
    }

    /** /proc/stat's columns for this CPU, in nanoseconds: user, system, softirq. */
    public long userNanos() { return user; }
    public long systemNanos() { return system; }
    public long softirqNanos() { return softirq; }

    /** A process slice spent {@code userPart} in user space and {@code systemPart} in the kernel. */
    public void account(long userPart, long systemPart) {
        user += userPart;
        system += systemPart;
    }

    /** Busy time so far, all kinds. */
    public long busyNanos() { return user + system + softirq; }

    /** /proc/net/softnet_stat: frames processed and time_squeeze (column 3). */
    public long softnetProcessed() { return processed; }
    public long softnetTimeSqueeze() { return timeSqueeze; }

    @Override public String toString() { return machine.name() + "/cpu" + index; }
}
