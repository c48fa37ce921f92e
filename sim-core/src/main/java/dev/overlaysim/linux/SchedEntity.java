package dev.overlaysim.linux;

/**
 * A process as the fair scheduler (EEVDF, Linux 6.6+) sees it: struct sched_entity's fields that
 * decide when it runs. All processes have nice 0's weight, so virtual time is CPU time. Only
 * {@link Cpu} changes these, except {@link #ran}: the CPU time its slices took.
 */
public final class SchedEntity {
    /** Virtual runtime on the run queue it is on (se->vruntime): CPU time had, placed on each enqueue. */
    long vruntime;
    /** Virtual deadline (se->deadline): vruntime at its last placement or slice end plus a slice. */
    long deadline;
    /** Run-to-parity protection (se->vprot): until its vruntime reaches this, a wake-up does not preempt it while it is eligible. */
    long vprot;
    /** Lag kept while it sleeps (se->vlag): how far behind the queue's average it was when it left, clamped. */
    long vlag;
    /** The CPU whose queue it stays on after blocking with negative lag (DELAY_DEQUEUE's sched_delayed), else null. */
    Cpu delayedOn;

    /** Its slices took {@code nanos} of CPU: vruntime grows by as much (weight 1024). */
    public void ran(long nanos) { vruntime += nanos; }

    /** The CPU it is still queued on though blocked (DELAY_DEQUEUE): a wake-up puts it back there, as ttwu_runnable() does. */
    public Cpu delayedOn() { return delayedOn; }

    public long vruntime() { return vruntime; }
    public long deadline() { return deadline; }
    public long vlag() { return vlag; }
}
