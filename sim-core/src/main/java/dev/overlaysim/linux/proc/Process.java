package dev.overlaysim.linux.proc;

import dev.overlaysim.engine.Event;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.PacketContext;

/**
 * A user-space process. It touches the network only through syscalls, which are counted on the
 * packet they concern, and it spends most of its life blocked: when the kernel queues data on one
 * of its sockets or fds it is woken (a wake-up, after the scheduler's latency) and drains what it
 * can read, then blocks again.
 *
 * <p>A process keeps its own clock offset {@link #cpu} while it runs, so that the packets it sends
 * leave after the time its syscalls and copies took.
 */
public abstract class Process {
    protected final NetNamespace ns;
    private final String name;
    private final boolean blocksInPoll;
    private Event wakeEvent;
    private boolean running;
    private boolean readableWhileRunning;
    private boolean exited;
    private PacketContext pendingCtx;
    private long pendingDelay;
    /** Nanoseconds of work done since the current run started at {@code sim.now()}. */
    protected long cpu;

    /**
     * @param blocksInPoll true for a process that waits in poll() over several fds (flanneld), so a
     *                     wake-up costs the poll syscall too; false for one blocked in a single
     *                     recvfrom()/recvmsg() (ping, a UDP server)
     */
    protected Process(NetNamespace ns, String name, boolean blocksInPoll) {
        this.ns = ns;
        this.name = name;
        this.blocksInPoll = blocksInPoll;
    }

    public String name() { return name; }
    public NetNamespace namespace() { return ns; }
    public boolean exited() { return exited; }

    public final void start() {
        running = true;
        cpu = 0;
        onStart();
        finishRun();
    }

    public void exit() {
        if (exited) return;
        exited = true;
        if (wakeEvent != null) ns.sim().cancel(wakeEvent);
        onExit();
    }

    protected void onStart() {}
    protected void onExit() {}

    /** Drains the readable fds: called after a wake-up. */
    protected abstract void onReadable(PacketContext wokenBy);

    /**
     * The kernel queued data on one of this process's fds (sk_data_ready → wake_up). A blocked
     * process becomes runnable after the wake-up latency; the wake-up is charged to the packet.
     */
    public void readable(Skb skb) {
        if (exited) return;
        PacketContext ctx = skb.ctx;
        if (running) {
            // Not blocked: it will find the data when it next reads, without being woken.
            if (!readableWhileRunning) {
                readableWhileRunning = true;
                pendingCtx = ctx;
                pendingDelay = skb.delay;
            }
            return;
        }
        if (wakeEvent != null) return; // already runnable
        if (ctx != null) ctx.add(Cost.WAKEUPS, 1);
        long delay = skb.delay + ns.costs().wakeupNanos();
        wakeEvent = ns.sim().schedule(delay, () -> run(ctx, blocksInPoll));
    }

    private void run(PacketContext wokenBy, boolean pollReturned) {
        wakeEvent = null;
        if (exited) return;
        running = true;
        cpu = 0;
        if (pollReturned) syscall(wokenBy); // poll() returns
        onReadable(wokenBy);
        finishRun();
    }

    /** Ends a run; data that arrived meanwhile is read next, once both the data and the process are there. */
    private void finishRun() {
        running = false;
        if (readableWhileRunning && !exited) {
            readableWhileRunning = false;
            PacketContext ctx = pendingCtx;
            pendingCtx = null;
            wakeEvent = ns.sim().schedule(Math.max(cpu, pendingDelay), () -> run(ctx, false));
        }
    }

    /** Runs {@code action} as this process after {@code delay} (a timer, e.g. ping's interval). */
    protected Event timer(long delay, Runnable action) {
        return ns.sim().schedule(delay, () -> {
            if (exited) return;
            running = true;
            cpu = 0;
            action.run();
            finishRun();
        });
    }

    /** One syscall: an entry into the kernel and a return, charged to {@code ctx}. */
    protected void syscall(PacketContext ctx) {
        if (ctx != null) {
            ctx.add(Cost.SYSCALLS, 1);
            ctx.add(Cost.MODE_SWITCHES, 2);
        }
        cpu += ns.costs().syscallNanos();
    }

    /** The simulated time as this process sees it now. */
    protected long now() { return ns.now() + cpu; }

    @Override public String toString() { return name + "@" + ns.displayName(); }
}
