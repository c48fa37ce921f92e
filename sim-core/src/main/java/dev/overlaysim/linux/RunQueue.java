package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.UserProcess;

/**
 * One CPU's fair-scheduler run queue (struct cfs_rq) under EEVDF, as Linux 6.6+ runs it, every
 * process at nice 0 (one weight, so virtual time is CPU time):
 * <ul>
 * <li>A process is <em>eligible</em> when its vruntime is not ahead of the queue's average
 * (avg_vruntime(), the running process included): it has had no more than its share.</li>
 * <li>The next to run is the eligible one with the earliest virtual deadline (vruntime at its
 * placement or last slice end plus one base slice). The running process keeps the CPU while it is
 * eligible and its vruntime has not reached the deadline it had when it was picked
 * (RUN_TO_PARITY); past that, or past its deadline, it gives way at the next update_curr() that
 * finds another process queued: the tick's, or an enqueue's ({@link #update}).</li>
 * <li>A process that blocks keeps its lag (average less its vruntime, at most ±max(2 slices, a
 * tick)) and is placed that far from the average when it is woken, the lag scaled by the queue
 * it joins (place_entity()), so one that had less than its share comes back with it.</li>
 * <li>One that blocks while not eligible stays queued, not runnable (DELAY_DEQUEUE), until it
 * would be picked; then it leaves with its lag, at most 0 (DELAY_ZERO). Woken before that, it is
 * runnable again on this CPU where it was, as ttwu_runnable() requeues it.</li>
 * </ul>
 * A wake-up preempts the running process when the woken one becomes the pick
 * (check_preempt_wakeup_fair()). Measured in the twin's lab with sched_switch/sched_wakeup
 * tracepoints (UDP backend, both forwarders and iperf3's server on one CPU): at 20 kpps, 20
 * datagrams per 1 ms burst, a woken forwarder never preempted the one that woke it; at -b 0 every
 * wake-up did, within a microsecond, after 12–15 µs runs.
 *
 * <p>Processes are kept in arrival order, which breaks ties, with no allocation per operation.
 */
final class RunQueue {
    /** A tick at HZ=250 (Debian's kernels and the development machine): TICK_NSEC. */
    static final long TICK_NANOS = 4_000_000;

    private final Cpu owner;
    private final long slice;
    private final long lagLimit;
    private UserProcess[] queued = new UserProcess[8];
    private int size;
    private int delayed;
    /** avg_vruntime() when last known (zero_vruntime): where a process is placed on an empty queue. */
    private long zeroVruntime;

    RunQueue(Cpu owner, int cpus) {
        this.owner = owner;
        // sysctl_sched_base_slice: 0.75 ms × (1 + log2 of the CPUs, at most 8), 1.5 ms on 2 CPUs.
        int factor = 1 + (31 - Integer.numberOfLeadingZeros(Math.min(cpus, 8)));
        slice = 750_000L * factor;
        lagLimit = Math.max(2 * slice, TICK_NANOS); // limit_entity_lag()
    }

    long slice() { return slice; }

    /** Processes that can run here (h_nr_runnable): queued, not delayed. */
    int runnable() { return size - delayed; }

    boolean contains(UserProcess p) { return indexOf(p) >= 0; }

    /** The process queued here that arrived last and can run, or null: what idle balancing takes. */
    UserProcess lastRunnable(UserProcess except) {
        for (int i = size - 1; i >= 0; i--) {
            UserProcess p = queued[i];
            if (p != except && p.sched().delayedOn == null) return p;
        }
        return null;
    }

    /**
     * {@code p} joins (woken, started, migrated): placed at the average less its lag, scaled for the
     * queue it joins, with a deadline a slice later (place_entity()). One still queued here as
     * delayed becomes runnable where it is, re-placed with no lag if its lag has become positive
     * (requeue_delayed_entity()).
     */
    void enqueue(UserProcess p, Cpu cpu, long currentExtra, UserProcess current) {
        SchedEntity se = p.sched();
        if (se.delayedOn == cpu) {
            se.delayedOn = null;
            delayed--;
            if (lag(p, currentExtra, current) > 0) {
                // Placed anew with no lag: at the average of the others, as it is taken out first.
                remove(p);
                se.vruntime = avg(currentExtra, current);
                se.deadline = se.vruntime + slice;
                add(p);
            }
            return;
        }
        long lag = se.vlag;
        long v;
        if (size == 0) {
            v = zeroVruntime;
        } else {
            v = avg(currentExtra, current) - lag * (size + 1) / size;
        }
        se.vruntime = v;
        se.deadline = v + slice;
        add(p);
    }

    /**
     * {@code p} blocked: it leaves with its lag, or, not eligible, stays queued as delayed. Returns
     * true if it stays.
     */
    boolean block(UserProcess p) {
        SchedEntity se = p.sched();
        long lag = lag(p, 0, null);
        if (lag < 0) {
            se.delayedOn = owner;
            delayed++;
            return true;
        }
        se.vlag = lag;
        remove(p);
        return false;
    }

    /** A delayed process is picked: it leaves now with its lag, at most 0 (DELAY_ZERO). */
    void dequeueDelayed(UserProcess p) {
        SchedEntity se = p.sched();
        se.vlag = Math.min(0, lag(p, 0, null));
        se.delayedOn = null;
        delayed--;
        remove(p);
    }

    /** {@code p} leaves for another CPU (idle balancing) keeping its lag, placed there by {@link #enqueue}. */
    void migrate(UserProcess p) {
        p.sched().vlag = lag(p, 0, null);
        remove(p);
    }

    /** {@code p} exited. */
    void exit(UserProcess p) {
        SchedEntity se = p.sched();
        if (se.delayedOn != null) {
            se.delayedOn = null;
            delayed--;
        }
        if (indexOf(p) >= 0) remove(p);
    }

    /** Every delayed process leaves (the CPU has nothing runnable: schedule() picks and dequeues each). */
    void flushDelayed() {
        for (int i = size - 1; i >= 0 && delayed > 0; i--) {
            UserProcess p = queued[i];
            if (p.sched().delayedOn != null) dequeueDelayed(p);
        }
    }

    /**
     * update_curr() for the running process, {@code currentExtra} into its slice, where Linux
     * calls it (the tick, an enqueue onto this CPU, its own dequeue): past its deadline it gets a
     * new one a slice on (update_deadline()). Returns true if it should give way now: its slice
     * ran out, or its protection, with another process queued.
     */
    boolean update(UserProcess current, long currentExtra) {
        SchedEntity se = current.sched();
        long v = se.vruntime + currentExtra;
        boolean expired = v >= se.deadline;
        if (expired) se.deadline = v + slice;
        if (size <= 1) return false;
        return expired || v >= se.vprot;
    }

    /**
     * __pick_eevdf(): the eligible process with the earliest deadline; {@code current} (null when it
     * blocked) while eligible and protected, or when its deadline is earlier still.
     * {@code currentExtra}: work the current process has done in its slice so far.
     */
    UserProcess pick(UserProcess current, long currentExtra, boolean protect) {
        if (size == 1) return queued[0];
        long sum = sum(currentExtra, current);
        boolean currentOk = current != null && indexOf(current) >= 0 && eligible(v(current, currentExtra, current), sum);
        if (currentOk && protect && v(current, currentExtra, current) < current.sched().vprot) return current;
        UserProcess best = null;
        for (int i = 0; i < size; i++) {
            UserProcess p = queued[i];
            if (p == current) continue;
            if (!eligible(p.sched().vruntime, sum)) continue;
            if (best == null || p.sched().deadline < best.sched().deadline) best = p;
        }
        if (currentOk && (best == null || current.sched().deadline < best.sched().deadline)) best = current;
        if (best == null) { // rounding aside, someone is always eligible: the one furthest behind
            for (int i = 0; i < size; i++) if (best == null || queued[i].sched().vruntime < best.sched().vruntime) best = queued[i];
        }
        return best;
    }

    /** Picked to run: protected until its deadline (set_next_entity()'s set_protect_slice()). */
    void setNext(UserProcess p) {
        SchedEntity se = p.sched();
        se.vprot = se.deadline;
    }

    private boolean eligible(long v, long sum) {
        // vruntime_eligible(): v ≤ sum / n, without the division.
        return (v - zeroVruntime) * size <= sum - zeroVruntime * size;
    }

    private long lag(UserProcess p, long currentExtra, UserProcess current) {
        long lag = avg(currentExtra, current) - v(p, currentExtra, current);
        return Math.max(-lagLimit, Math.min(lagLimit, lag));
    }

    private static long v(UserProcess p, long currentExtra, UserProcess current) {
        return p.sched().vruntime + (p == current ? currentExtra : 0);
    }

    private long sum(long currentExtra, UserProcess current) {
        long s = 0;
        for (int i = 0; i < size; i++) s += v(queued[i], currentExtra, current);
        return s;
    }

    /** avg_vruntime(): the mean vruntime of the queued processes, delayed ones and the running one included. */
    private long avg(long currentExtra, UserProcess current) {
        if (size == 0) return zeroVruntime;
        long s = sum(currentExtra, current);
        long a = Math.floorDiv(s, size);
        zeroVruntime = a;
        return a;
    }

    private void add(UserProcess p) {
        if (size == queued.length) queued = java.util.Arrays.copyOf(queued, size * 2);
        queued[size++] = p;
    }

    private void remove(UserProcess p) {
        int i = indexOf(p);
        System.arraycopy(queued, i + 1, queued, i, size - i - 1);
        queued[--size] = null;
    }

    private int indexOf(UserProcess p) {
        for (int i = 0; i < size; i++) if (queued[i] == p) return i;
        return -1;
    }
}
