package dev.overlaysim.engine;

import java.util.Arrays;

/**
 * A calendar queue (R. Brown, "Calendar queues", CACM 31(10), 1988): events hash by time into a
 * ring of buckets one "day" wide, like appointments in a desk calendar whose pages cycle each
 * "year". Dequeuing walks the days from the current one and takes the first event that falls in
 * the day being looked at; the bucket count doubles or halves with the number of pending events,
 * and the day's width is re-estimated from the spacing of the earliest events, so insertion and
 * removal cost O(1) on average. Each bucket is a list threaded through the events themselves,
 * sorted by (time, sequence), so events at the same time leave in the order they were scheduled.
 * Cancelled events stay, marked, and are dropped when they come out (see {@link Simulator#cancel}).
 */
final class EventQueue {
    private static final int MIN_BUCKETS = 16;

    private Event[] heads;
    private Event[] tails;
    private int mask;
    private int shift;          // a day is 2^shift ns wide
    private int size;
    private int current;        // the day being looked at
    private long currentEnd;    // the end (exclusive) of that day, in absolute time

    EventQueue() {
        heads = new Event[MIN_BUCKETS];
        tails = new Event[MIN_BUCKETS];
        mask = MIN_BUCKETS - 1;
        shift = 10;
    }

    int size() { return size; }
    boolean isEmpty() { return size == 0; }

    private static boolean before(Event a, Event b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }

    private void startDayAt(long time) {
        current = (int) (time >>> shift) & mask;
        currentEnd = ((time >>> shift) + 1) << shift;
    }

    void add(Event e) {
        long t = e.time;
        if (size == 0 || t < currentEnd - (1L << shift)) {
            startDayAt(t); // nothing pending is earlier than the day being looked at
        }
        insert(e);
        size++;
        if (size > 2 * heads.length) resize(heads.length * 2);
    }

    private void insert(Event e) {
        int i = (int) (e.time >>> shift) & mask;
        Event tail = tails[i];
        if (tail == null) {
            heads[i] = e;
            tails[i] = e;
            return;
        }
        if (!before(e, tail)) { // the usual case: the latest of its day
            tail.next = e;
            tails[i] = e;
            return;
        }
        Event p = heads[i];
        if (before(e, p)) {
            e.next = p;
            heads[i] = e;
            return;
        }
        while (!before(e, p.next)) p = p.next;
        e.next = p.next;
        p.next = e;
    }

    /** The earliest event, left in place; the walk moves the current day forward to it. */
    Event peek() {
        if (size == 0) return null;
        for (int i = 0, count = heads.length; i < count; i++) {
            Event h = heads[current];
            if (h != null && h.time < currentEnd) return h;
            current = (current + 1) & mask;
            currentEnd += 1L << shift;
        }
        // A whole year without an event: jump straight to the earliest one.
        Event best = null;
        for (Event h : heads) {
            if (h != null && (best == null || before(h, best))) best = h;
        }
        startDayAt(best.time);
        return best;
    }

    Event poll() {
        return pollUntil(Long.MAX_VALUE);
    }

    /** Removes and returns the earliest event if it is due at or before {@code endTime}, else null. */
    Event pollUntil(long endTime) {
        Event e = peek();
        if (e == null || e.time > endTime) return null;
        heads[current] = e.next;
        if (e.next == null) tails[current] = null;
        e.next = null;
        size--;
        if (size < heads.length / 2 && heads.length > MIN_BUCKETS) resize(heads.length / 2);
        return e;
    }

    /** Rebuilds with {@code count} buckets and a day width fitted to the earliest events' spacing. */
    private void resize(int count) {
        Event[] all = new Event[size];
        int k = 0;
        for (Event h : heads) {
            for (Event e = h; e != null; e = e.next) all[k++] = e;
        }
        long[] times = new long[size];
        for (int i = 0; i < size; i++) times[i] = all[i].time;
        Arrays.sort(times);
        shift = widthShift(times);
        heads = new Event[count];
        tails = new Event[count];
        mask = count - 1;
        // Re-insert earliest first, so each insertion lands at the tail of its list.
        Arrays.sort(all, (a, b) -> before(a, b) ? -1 : (a == b ? 0 : 1));
        for (Event e : all) {
            e.next = null;
            insert(e);
        }
        if (size > 0) startDayAt(times[0]);
    }

    /** Brown's estimate: three times the mean gap between the earliest events, ignoring outliers. */
    private int widthShift(long[] sortedTimes) {
        int k = Math.min(sortedTimes.length, 25);
        if (k < 2) return shift;
        double mean = (sortedTimes[k - 1] - sortedTimes[0]) / (double) (k - 1);
        double sum = 0;
        int used = 0;
        for (int i = 1; i < k; i++) {
            long gap = sortedTimes[i] - sortedTimes[i - 1];
            if (gap <= 2 * mean) {
                sum += gap;
                used++;
            }
        }
        double width = used == 0 ? mean * 3 : 3 * sum / used;
        if (width < 1) return 0;
        int s = 64 - Long.numberOfLeadingZeros((long) Math.ceil(width) - 1);
        return Math.min(s, 62);
    }
}
