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
 * <p>Processes share a CPU as the fair scheduler shares it. One that keeps running gives way to
 * another runnable one after {@link #SCHED_SLICE_NANOS}. One that is woken preempts the process
 * running here at once unless it has had more CPU time than that one (wake-up preemption,
 * check_preempt_wakeup_fair(): the woken task, placed with the lag it kept while sleeping, has the
 * earlier virtual deadline): so a producer that never sleeps is switched out (non-voluntarily)
 * each time the consumer it feeds is woken, as flanneld's proxy on the sending node is by the
 * receiving node's proxy when both nodes share one machine's CPUs.
 */
public final class Cpu {
    /** net.core.netdev_budget: frames one softirq run may process. */
    public static final int NETDEV_BUDGET = 300;
    /** net.core.netdev_budget_usecs: 2000 µs, the time one softirq run may take. */
    public static final long NETDEV_BUDGET_NANOS = 2_000_000;
    /**
     * How long a process runs before another runnable one on its CPU gets its turn: 3 ms, between
     * EEVDF's base slice (0.75 ms × (1 + log2 CPUs), 1.5 ms on 2 CPUs) and the 4 ms tick (HZ=250)
     * that enforces it.
     */
    public static final long SCHED_SLICE_NANOS = 3_000_000;
    /**
     * How far behind the process it would preempt a woken process is placed, at most: half a
     * slice, as place_entity() bounds a sleeper's credit (lag) so that a long sleep buys a bounded
     * head start, not a monopoly.
     */
    public static final long SLEEPER_CREDIT_NANOS = SCHED_SLICE_NANOS / 2;

    private final Machine machine;
    private final int index;
    private final Simulator sim;
    private final World world;
    private final ArrayDeque<Napi> pollList = new ArrayDeque<>();
    private final Backlog backlog;
    private final ArrayDeque<UserProcess> runQueue = new ArrayDeque<>();
    private final Runnable dispatch = this::dispatch;
    private boolean dispatchPosted;
    private boolean running;
    private long busyUntil;
    private UserProcess inProcess;
    /** Work done for earlier items and known only now ({@link #chargeAfterwards}): the next dispatch begins with it. */
    private long owed;
    private long meter;

    // Softirq budget and ksoftirqd's fair share.
    private int burstFrames;
    private long burstNanos;
    private long owedToProcesses;
    private UserProcess lastProcess;
    private long lastProcessRan;

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
        return !running && !dispatchPosted && busyUntil <= sim.now() && pollList.isEmpty() && runQueue.isEmpty();
    }

    public int runnable() { return runQueue.size(); }

    /** A NAPI instance (a NIC's ring, this CPU's backlog) has frames: schedule its poll here (napi_schedule). */
    public void raiseNapi(Napi napi) {
        pollList.addLast(napi);
        kick();
    }

    /**
     * A process became runnable on this CPU (it was woken, or started). If another process is
     * running here (it has the CPU, or is next once a softirq ends) and has had at least as much CPU
     * time, the woken one preempts it: it runs first and the other, still runnable, counts a
     * non-voluntary context switch and runs next.
     */
    public void enqueue(UserProcess p) {
        UserProcess current = running ? null : current();
        if (current != null && current != p) {
            p.placeBehind(current.vruntime() - SLEEPER_CREDIT_NANOS);
            if (p.vruntime() < current.vruntime()) {
                current.preempted();
                runQueue.addFirst(p);
                kick();
                return;
            }
        }
        runQueue.addLast(p);
        kick();
    }

    /** The process that holds this CPU between events: the last one to run, if it is still first in line. */
    private UserProcess current() {
        UserProcess first = runQueue.peekFirst();
        return first != null && first == lastProcess ? first : null;
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
        while (true) {
            if (pollList.isEmpty() && runQueue.isEmpty()) {
                steal();
                if (runQueue.isEmpty()) break;
            }
            // Go on inside this event only while nothing else can happen before the work done so far ends.
            if (meter > 0 && now + meter >= sim.nextEventTime()) break;
            boolean softirqFirst = !pollList.isEmpty() && (owedToProcesses <= 0 || runQueue.isEmpty());
            if (softirqFirst) {
                softirqFrame();
            } else if (!runQueue.isEmpty()) {
                processSlice();
            }
        }
        world.running(null);
        running = false;
        busyUntil = now + meter;
        if (!pollList.isEmpty() || !runQueue.isEmpty()) {
            dispatchPosted = true;
            sim.post(meter, dispatch);
        }
    }

    private void softirqFrame() {
        Napi napi = pollList.peekFirst();
        long before = meter;
        if (runQueue.isEmpty()) owedToProcesses = 0;
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
            if (!runQueue.isEmpty()) {
                owedToProcesses = burstNanos;
                UserProcess p = runQueue.peekFirst();
                if (p == lastProcess) p.preempted();
            }
            burstFrames = 0;
            burstNanos = 0;
        }
    }

    private void processSlice() {
        UserProcess p = runQueue.pollFirst();
        long before = meter;
        if (p != lastProcess) lastProcessRan = 0;
        lastProcess = p;
        inProcess = p;
        boolean more = p.runSlice(this);
        if (backlog.queued() > 0 && !p.exited()) softirqOnReturn(p);
        inProcess = null;
        long spent = meter - before;
        lastProcessRan += spent;
        owedToProcesses -= spent;
        if (!more) return;
        if (!runQueue.isEmpty() && lastProcessRan >= SCHED_SLICE_NANOS) {
            p.preempted(); // its slice is used up and another process waits: it goes to the back
            runQueue.addLast(p);
            lastProcessRan = 0;
        } else {
            runQueue.addFirst(p);
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
            boolean waiting = !c.runQueue.isEmpty() && (c.running || c.busyUntil > sim.now() || c.runQueue.size() > 1);
            if (c != this && waiting && (busiest == null || c.runQueue.size() > busiest.runQueue.size())) {
                busiest = c;
            }
        }
        if (busiest != null && busiest.runQueue.peekLast().sliceEnd() <= sim.now()) {
            UserProcess p = busiest.runQueue.pollLast();
            p.migratedTo(this);
            runQueue.addLast(p);
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
