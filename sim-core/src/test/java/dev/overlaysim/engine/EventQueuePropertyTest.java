package dev.overlaysim.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of schedule, cancel (head, middle, last, twice, after run), runUntil and
 * stop, checked step by step against a reference model: a TreeMap keyed by (time, sequence).
 */
class EventQueuePropertyTest {

    /** One step of a random interleaving. */
    sealed interface Op permits Schedule, CancelAny, CancelHead, CancelLast, CancelAgain, Advance, StopAfter {}
    /** schedule(delay): small delays so that many events share a nanosecond. */
    record Schedule(long delay) implements Op {}
    /** cancel the n-th handle ever returned (pending, already run or already cancelled). */
    record CancelAny(int n) implements Op {}
    record CancelHead() implements Op {}
    record CancelLast() implements Op {}
    /** cancel the most recently cancelled event once more. */
    record CancelAgain() implements Op {}
    /** runUntil(now + dt). */
    record Advance(long dt) implements Op {}
    /** schedule an event that calls stop(), then run(): the run must end right after it. */
    record StopAfter(long delay) implements Op {}

    record Key(long time, long seq) implements Comparable<Key> {
        @Override public int compareTo(Key o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Provide
    Arbitrary<List<Op>> interleavings() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(0, 20).map(Schedule::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 400).map(CancelAny::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CancelHead())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CancelLast())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CancelAgain())),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 15).map(Advance::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 10).map(StopAfter::new)));
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 400)
    void everyInterleavingRunsExactlyWhatTheReferenceModelRuns(@ForAll("interleavings") List<Op> ops) {
        Simulator sim = new Simulator(1);
        TreeMap<Key, Integer> model = new TreeMap<>();
        List<Event> handles = new ArrayList<>();
        Map<Integer, Key> keyOf = new HashMap<>();
        List<Integer> ran = new ArrayList<>();
        List<Integer> expectedRan = new ArrayList<>();
        long[] seq = {0};
        long now = 0;
        Event lastCancelled = null;

        for (Op op : ops) {
            if (op instanceof Schedule s) {
                int id = handles.size();
                Event e = sim.schedule(s.delay(), () -> ran.add(id));
                Key k = new Key(now + s.delay(), seq[0]++);
                model.put(k, id);
                keyOf.put(id, k);
                handles.add(e);
                assertThat(e.time()).isEqualTo(k.time());
            } else if (op instanceof CancelAny c && !handles.isEmpty()) {
                int id = c.n() % handles.size();
                boolean expected = model.remove(keyOf.get(id)) != null;
                assertThat(sim.cancel(handles.get(id))).as("cancel of event %d", id).isEqualTo(expected);
                lastCancelled = handles.get(id);
            } else if (op instanceof CancelHead && !model.isEmpty()) {
                int id = model.pollFirstEntry().getValue();
                assertThat(sim.cancel(handles.get(id))).as("cancel of the head %d", id).isTrue();
                lastCancelled = handles.get(id);
            } else if (op instanceof CancelLast && !model.isEmpty()) {
                int id = model.pollLastEntry().getValue();
                assertThat(sim.cancel(handles.get(id))).as("cancel of the last %d", id).isTrue();
                lastCancelled = handles.get(id);
            } else if (op instanceof CancelAgain && lastCancelled != null) {
                assertThat(sim.cancel(lastCancelled)).as("second cancel").isFalse();
            } else if (op instanceof Advance a) {
                long end = now + a.dt();
                while (!model.isEmpty() && model.firstKey().time() <= end) {
                    expectedRan.add(model.pollFirstEntry().getValue());
                }
                sim.runUntil(end);
                now = end;
                assertThat(sim.now()).isEqualTo(now);
            } else if (op instanceof StopAfter s) {
                int id = handles.size();
                Event e = sim.schedule(s.delay(), () -> { ran.add(id); sim.stop(); });
                Key k = new Key(now + s.delay(), seq[0]++);
                model.put(k, id);
                keyOf.put(id, k);
                handles.add(e);
                // run() until the stopper: everything before it in (time, seq) order, then it
                while (true) {
                    Map.Entry<Key, Integer> first = model.pollFirstEntry();
                    expectedRan.add(first.getValue());
                    if (first.getValue() == id) {
                        now = first.getKey().time();
                        break;
                    }
                }
                sim.run();
                assertThat(sim.now()).isEqualTo(now);
            }
            assertThat(ran).isEqualTo(expectedRan);
            assertThat(sim.pendingEvents()).isEqualTo(model.size());
            assertThat(sim.eventsExecuted()).isEqualTo(expectedRan.size());
        }
        for (int id = 0; id < handles.size(); id++) {
            assertThat(handles.get(id).isPending()).as("event %d pending", id).isEqualTo(model.containsValue(id));
        }
        // drain: whatever is left runs in (time, seq) order
        expectedRan.addAll(model.values());
        sim.run();
        assertThat(ran).isEqualTo(expectedRan);
        assertThat(sim.pendingEvents()).isZero();
        for (Event e : handles) assertThat(sim.cancel(e)).as("cancel after the queue drained").isFalse();
    }

    @Property(tries = 50)
    void aLargeHeapGrowsBeyondItsInitialCapacityAndStillPopsInOrder(@ForAll @Size(min = 1025, max = 3000) List<@net.jqwik.api.constraints.LongRange(min = 0, max = 100) Long> times) {
        Simulator sim = new Simulator(1);
        List<long[]> ran = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            long id = i;
            sim.at(t, () -> ran.add(new long[] {sim.now(), id}));
        }
        sim.run();
        assertThat(ran).hasSize(times.size());
        for (int i = 1; i < ran.size(); i++) {
            long[] a = ran.get(i - 1);
            long[] b = ran.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]))
                    .as("(%d, #%d) before (%d, #%d)", a[0], a[1], b[0], b[1]).isTrue();
        }
    }
}
