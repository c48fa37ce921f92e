package dev.overlaysim.linux.tcp;

/**
 * The kernel's tick clock for simulated time. Linux keeps TCP's coarse timestamps
 * ({@code tcp_jiffies32}, {@code icsk_rto}) in jiffies, CONFIG_HZ ticks a second, and starts the
 * counter at INITIAL_JIFFIES, 300 seconds before wrapping, so that wrap-around bugs show early.
 * We start it there too: CUBIC uses {@code epoch_start == 0} to mean "no epoch", which would
 * collide with a simulation starting at time 0.
 */
final class Jiffies {
    private Jiffies() {
    }

    /** The 32-bit jiffies counter at simulated time {@code nanos} (time since boot). */
    static int at(long nanos, int hz) {
        long ticks = (nanos / 1_000_000_000L) * hz + (nanos % 1_000_000_000L) * hz / 1_000_000_000L;
        return (int) ticks + initial(hz);
    }

    /** INITIAL_JIFFIES: (unsigned long)(unsigned int)(-300 * HZ). */
    static int initial(int hz) {
        return -300 * hz;
    }

    /** usecs_to_jiffies(): rounded up, so a non-zero duration is never zero ticks. */
    static long fromUsecs(long usecs, int hz) {
        return (usecs * hz + 999_999L) / 1_000_000L;
    }

    /** A jiffies count as nanoseconds (jiffies_to_usecs scaled). */
    static long toNanos(long jiffies, int hz) {
        return jiffies * 1_000_000_000L / hz;
    }
}
