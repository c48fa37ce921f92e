package dev.overlaysim.linux.proc;

import dev.overlaysim.engine.Event;
import dev.overlaysim.linux.Cpu;
import dev.overlaysim.linux.SchedEntity;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayDeque;

/**
 * A user-space process. It touches the network only through syscalls, which are counted on the
 * packet they concern, and it spends most of its life blocked: when the kernel queues data on one
 * of its sockets or fds it is woken (a wake-up, after the scheduler's latency), becomes runnable
 * on one of its host's CPUs, and when it gets that CPU it handles what it can read, one
 * {@link #step()} at a time, until a step finds nothing: then it blocks again (a voluntary
 * context switch). So a process that is kept busy is woken once for many packets, as flanneld's
 * proxy loop and iperf are.
 *
 * <p>Its work takes CPU time: every syscall, copy and user-space computation, and the kernel work
 * its syscalls do (sendto() carries a packet down the stack), is charged to the CPU it runs on,
 * and {@link #now()} is the time as the process sees it, after the work done so far. User and
 * system time and context switches are counted as {@code /proc/PID/stat} and
 * {@code /proc/PID/status} count them.
 */
public abstract class UserProcess {
    private enum State { SLEEPING, RUNNABLE, RUNNING }

    protected final NetNamespace ns;
    private final String name;
    private final boolean blocksInPoll;
    private State state = State.SLEEPING;
    private Event wakeEvent;
    private boolean exited;
    private PacketContext wokenBy;
    private boolean pollReturns;
    private final ArrayDeque<Runnable> due = new ArrayDeque<>(2);
    private Cpu cpu;
    private Cpu last;
    private long userInSlice;
    private long sliceEnd;
    private long utime;
    private long stime;
    private long voluntarySwitches;
    private long nonvoluntarySwitches;
    private final SchedEntity se = new SchedEntity();
    private Cpu waker;
    /** It blocked since its last slice: the next one begins by being switched back in. */
    private boolean switchedOut;
    /** It was preempted since its last slice: the next one begins by being switched back in too. */
    private boolean preemptedOut;
    /** Its current run began with a wake-up and it has not yet handled a packet in it. */
    private boolean freshFromSleep;

    /**
     * @param blocksInPoll true for a process that waits in poll() over several fds (flanneld), so a
     *                     wake-up costs the poll syscall too; false for one blocked in a single
     *                     recvfrom()/recvmsg() (ping, a UDP server)
     */
    protected UserProcess(NetNamespace ns, String name, boolean blocksInPoll) {
        this.ns = ns;
        this.name = name;
        this.blocksInPoll = blocksInPoll;
    }

    public String name() { return name; }
    public NetNamespace namespace() { return ns; }
    public boolean exited() { return exited; }

    /**
     * Starts the process: {@link #onOpen()} at once (its fds exist from now on), then
     * {@link #onStart()} as its first slice on a CPU, at once if one is idle.
     */
    public final void start() {
        onOpen();
        due.addLast(this::onStart);
        makeRunnable();
    }

    public void exit() {
        if (exited) return;
        exited = true;
        if (wakeEvent != null) ns.sim().cancel(wakeEvent);
        wakeEvent = null;
        due.clear();
        onExit();
    }

    /** Opens the process's fds (binds its sockets, attaches its TUN): done when it starts, costing no CPU. */
    protected void onOpen() {}
    /** Its first work, on a CPU: a sender's first packet. */
    protected void onStart() {}
    protected void onExit() {}

    /**
     * Does one unit of work (reads and handles one packet, sends one datagram): returns false when
     * there is nothing to do now, and the process blocks.
     */
    protected abstract boolean step();

    /**
     * The packet that will make this process readable next, among those queued on its fds but not
     * there yet (their kernel work ends after now), or null: when the process blocks with one, it is
     * woken when that packet is there.
     */
    protected Skb nextQueued() { return null; }

    /**
     * The kernel queued data on one of this process's fds (sk_data_ready → wake_up). A blocked
     * process becomes runnable after the wake-up latency; the wake-up is charged to the packet.
     * A process that is running or runnable will find the data when it next reads.
     */
    public void readable(Skb skb) {
        // Not asleep now: should it block before the packet is there, this CPU's delivery wakes it.
        if (state != State.SLEEPING || wakeEvent != null) {
            skb.waker = ns.world().running();
            skb.wakerProcess = skb.waker == null ? null : skb.waker.inProcess();
        }
        wake(skb.ctx, skb.delay);
    }

    /**
     * The kernel changed something this process may be waiting for that is not a packet queued for
     * it (a TCP socket's state, room in its send buffer): woken as by {@link #readable}, the wake-up
     * charged to {@code ctx}, the packet that caused it (null for a timer's work: charged to none).
     */
    public void wake(PacketContext ctx, long delay) {
        if (exited || state != State.SLEEPING || wakeEvent != null) return;
        Cpu by = ns.world().running();
        wakeFor(ctx, delay, by, by == null ? null : by.inProcess());
    }

    /** Wakes it after {@code after} plus the wake-up latency; {@code by} is the CPU whose work woke it, or null. */
    private void wakeFor(PacketContext ctx, long after, Cpu by, UserProcess byProcess) {
        if (ctx != null) ctx.add(Cost.WAKEUPS, 1);
        // The waker pays for the wake-up on its own CPU (try_to_wake_up, the IPI to the wakee's idle
        // CPU: in a VM a VM exit the waker waits out); the wakee is on its way once the IPI is sent.
        // What it costs depends on how long the CPU it will run on has been idle (a halted vCPU is dear
        // to wake, one busy or idle a moment ago is not): select_task_rq() as at the wake-up, now;
        // onto the waker's own CPU there is no IPI at all (wakeupLocal).
        if (by != null) {
            boolean running = by == ns.world().running();
            Cpu to = cpuToWakeOn(by);
            long cost = ns.costs().wakeupCpuNanos(to == by, to.idleFor(ns.now() + (running ? by.meter() : 0)));
            if (running) ns.world().charge(cost);
            else by.chargeAfterwards(cost, byProcess);
        }
        wakeEvent = ns.sim().schedule(after + ns.costs().wakeupNanos(), () -> {
            wakeEvent = null;
            if (exited || state != State.SLEEPING) return;
            wokenBy = ctx;
            pollReturns = blocksInPoll;
            waker = by;
            makeRunnable();
        });
    }

    private void makeRunnable() {
        Cpu by = waker;
        waker = null;
        if (exited) return;
        state = State.RUNNABLE;
        long now = ns.now();
        if (sliceEnd > now) {
            // Its last slice, run inside an earlier event, ends later: a thread runs on one CPU at a
            // time, so it queues for a CPU only once that slice is over.
            ns.sim().schedule(sliceEnd - now, () -> {
                if (!exited && state == State.RUNNABLE) cpuToWakeOn(null).enqueue(this);
            });
            return;
        }
        cpuToWakeOn(by).enqueue(this);
    }

    /** Still queued where it blocked (delayed dequeue): there; else where select_task_rq_fair() puts it. */
    private Cpu cpuToWakeOn(Cpu by) {
        Cpu delayed = se.delayedOn();
        return delayed != null ? delayed : ns.host().pickCpu(last, by);
    }

    /** When its last slice ends: before that it can run on no other CPU. */
    public long sliceEnd() { return sliceEnd; }

    /**
     * Runs one slice on {@code on}, called by the CPU: the poll() that returned, a timer's action or
     * one {@link #step()}. Returns true while the process has more to do (it stays runnable).
     */
    public final boolean runSlice(Cpu on) {
        if (exited) return false;
        state = State.RUNNING;
        cpu = on;
        last = on;
        userInSlice = 0;
        long before = on.meter();
        boolean more;
        if (switchedOut) {
            switchedOut = false;
            freshFromSleep = true;
            systemWork(ns.costs().contextSwitchNanos(on.idleBefore())); // schedule() out of the blocking call and back in
        } else if (preemptedOut) {
            // schedule() on the way back to user space, the switch to the other task, and back: the
            // same switch out and in a blocking call pays, on a CPU that was busy all along.
            preemptedOut = false;
            systemWork(ns.costs().contextSwitchNanos(0));
        }
        if (pollReturns) {
            pollReturns = false;
            poll(wokenBy); // poll() returns
        }
        Runnable action = due.pollFirst();
        if (action != null) {
            action.run();
            more = true;
        } else {
            more = step();
        }
        more = more || !due.isEmpty();
        long spent = on.meter() - before;
        sliceEnd = ns.now() + on.meter();
        utime += userInSlice;
        stime += spent - userInSlice;
        se.ran(spent);
        on.account(userInSlice, spent - userInSlice);
        cpu = null;
        if (exited) {
            state = State.SLEEPING;
            return false;
        }
        if (more) {
            state = State.RUNNABLE;
            return true;
        }
        // Nothing to read: it blocks (poll, recvfrom, nanosleep), giving up the CPU of its own accord.
        state = State.SLEEPING;
        voluntarySwitches++;
        switchedOut = true;
        Skb next = nextQueued();
        if (next != null && wakeEvent == null) {
            boolean later = next.readyAt > ns.now() + on.meter();
            wakeFor(next.ctx, Math.max(next.readyAt, ns.now() + on.meter()) - ns.now(), later ? next.waker : null, later ? next.wakerProcess : null);
        }
        return false;
    }

    /**
     * The softirq its last system call raised ran before the call returned, for {@code nanos}
     * (counted as its system time, as tick-based accounting counts it), so the slice ends at
     * {@code sliceEnd}.
     */
    public void ranSoftirq(long nanos, long sliceEnd) {
        stime += nanos;
        se.ran(nanos);
        this.sliceEnd = Math.max(this.sliceEnd, sliceEnd);
    }

    /** What the fair scheduler keeps of it (its sched_entity): vruntime, deadline, lag. */
    public SchedEntity sched() { return se; }

    /** Its CPU was given to another task while it could still run (a time slice ended, ksoftirqd, a woken task). */
    public void preempted() {
        nonvoluntarySwitches++;
        preemptedOut = true;
    }

    /** The scheduler moved it, waiting, to another CPU's run queue. */
    public void migratedTo(Cpu to) { last = to; }

    /** Runs {@code action} as this process after {@code delay} (a timer, e.g. ping's interval). */
    protected Event timer(long delay, Runnable action) {
        return ns.sim().schedule(delay, () -> {
            if (exited) return;
            due.addLast(action);
            if (state == State.SLEEPING) makeRunnable(); // a pending wake-up then finds it awake
        });
    }

    /** One syscall: an entry into the kernel and a return, charged to {@code ctx}. */
    protected void syscall(PacketContext ctx) {
        if (ctx != null) {
            ctx.add(Cost.SYSCALLS, 1);
            ctx.add(Cost.MODE_SWITCHES, 2);
        }
        ns.world().charge(ns.costs().syscallNanos());
    }

    /**
     * One poll() or select() that returns with an fd ready: its syscall, and its work on the fds
     * (the sets copied in and out, each fd's {@code ->poll()}, the timeout armed and cancelled).
     */
    protected void poll(PacketContext ctx) {
        syscall(ctx);
        ns.world().charge(ns.costs().pollNanos());
    }

    /** Kernel work done in a syscall that no packet's ledger counts (a read that returns EAGAIN). */
    protected void systemWork(long nanos) { ns.world().charge(nanos); }

    /** Work in user space (flanneld's lookup and bookkeeping per packet): user time. */
    protected void userWork(long nanos) {
        ns.world().charge(nanos);
        userInSlice += nanos;
    }

    /** True for the first packet it handles after being woken (and false after, until it sleeps again). */
    protected boolean firstAfterWakeup() {
        boolean f = freshFromSleep;
        freshFromSleep = false;
        return f;
    }

    /** Nanoseconds of work done in the current slice so far, to be added to the event's time. */
    protected long elapsed() { return cpu == null ? 0 : cpu.meter(); }

    /** The simulated time as this process sees it now. */
    protected long now() { return ns.now() + elapsed(); }

    /** The packets this process handled (sent, read, forwarded): what its CPU time and context switches are counted per. */
    public long packets() { return 0; }

    /** /proc/PID/stat utime and stime, in nanoseconds. */
    public long userNanos() { return utime; }
    public long systemNanos() { return stime; }
    /** /proc/PID/status voluntary_ctxt_switches and nonvoluntary_ctxt_switches. */
    public long voluntarySwitches() { return voluntarySwitches; }
    public long nonvoluntarySwitches() { return nonvoluntarySwitches; }

    @Override public String toString() { return name + "@" + ns.displayName(); }
}
