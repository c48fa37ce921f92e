package dev.overlaysim.engine;

import java.util.Arrays;

/**
 * A 4-ary min-heap of events keyed by (time, sequence). The keys live in primitive arrays beside
 * the events, so sifting compares longs in cache-friendly memory instead of chasing an object per
 * comparison; a 4-ary heap halves the depth of a binary one. Each event knows its slot, so
 * cancellation removes it in O(log n) instead of leaving a tombstone behind.
 */
final class EventQueue {
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Event[] events = new Event[1024];
    private int size;

    int size() { return size; }
    boolean isEmpty() { return size == 0; }
    Event peek() { return size == 0 ? null : events[0]; }

    void add(Event e) {
        if (size == events.length) {
            int n = size * 2;
            times = Arrays.copyOf(times, n);
            seqs = Arrays.copyOf(seqs, n);
            events = Arrays.copyOf(events, n);
        }
        siftUp(size++, e.time, e.sequence, e);
    }

    Event poll() {
        if (size == 0) return null;
        Event top = events[0];
        top.heapIndex = -1;
        int last = --size;
        Event moved = events[last];
        long t = times[last];
        long s = seqs[last];
        events[last] = null;
        if (last > 0) siftDown(0, t, s, moved);
        return top;
    }

    boolean remove(Event e) {
        int i = e.heapIndex;
        if (i < 0 || i >= size || events[i] != e) return false;
        e.heapIndex = -1;
        int last = --size;
        Event moved = events[last];
        long t = times[last];
        long s = seqs[last];
        events[last] = null;
        if (i < last) {
            siftDown(i, t, s, moved);
            if (events[i] == moved) siftUp(i, t, s, moved);
        }
        return true;
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void set(int i, long t, long s, Event e) {
        times[i] = t;
        seqs[i] = s;
        events[i] = e;
        e.heapIndex = i;
    }

    private void siftUp(int i, long t, long s, Event e) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = times[parent];
            long ps = seqs[parent];
            if (!less(t, s, pt, ps)) break;
            set(i, pt, ps, events[parent]);
            i = parent;
        }
        set(i, t, s, e);
    }

    private void siftDown(int i, long t, long s, Event e) {
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) break;
            int best = first;
            long bt = times[first];
            long bs = seqs[first];
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                long ct = times[c];
                if (ct < bt || (ct == bt && seqs[c] < bs)) {
                    best = c;
                    bt = ct;
                    bs = seqs[c];
                }
            }
            if (!less(bt, bs, t, s)) break;
            set(i, bt, bs, events[best]);
            i = best;
        }
        set(i, t, s, e);
    }
}
