package dev.overlaysim.engine;

import java.util.Arrays;

/**
 * A binary min-heap of events keyed by (time, sequence), with each event knowing its slot so that
 * cancellation removes it in O(log n) instead of leaving a tombstone behind.
 */
final class EventQueue {
    private Event[] heap = new Event[1024];
    private int size;

    int size() { return size; }
    boolean isEmpty() { return size == 0; }
    Event peek() { return size == 0 ? null : heap[0]; }

    void add(Event e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, e);
    }

    Event poll() {
        if (size == 0) return null;
        Event top = heap[0];
        top.heapIndex = -1;
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) siftDown(0, last);
        return top;
    }

    boolean remove(Event e) {
        int i = e.heapIndex;
        if (i < 0 || i >= size || heap[i] != e) return false;
        e.heapIndex = -1;
        Event last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(i, last);
            if (heap[i] == last) siftUp(i, last);
        }
        return true;
    }

    private void siftUp(int i, Event e) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!e.before(p)) break;
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    private void siftDown(int i, Event e) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Event c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(e)) break;
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = e;
        e.heapIndex = i;
    }
}
