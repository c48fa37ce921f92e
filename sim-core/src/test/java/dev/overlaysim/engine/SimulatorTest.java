package dev.overlaysim.engine;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The discrete-event engine: (time, sequence) order, the clock, cancellation, runUntil and stop. */
class SimulatorTest {
    static final long SECOND = Durations.SECONDS;

    @Nested
    class Ordering {
        @Test
        void eventsRunInTimeOrderAndFifoAtEqualTimesLikeAStableSortOfTheScheduleOrder() {
            Simulator sim = new Simulator(7);
            SplittableRandom rng = new SplittableRandom(20240601);
            // few distinct times, so most events share their nanosecond with others
            long[] times = new long[1000];
            List<Integer> executed = new ArrayList<>();
            for (int i = 0; i < times.length; i++) {
                times[i] = rng.nextLong(50);
                int id = i;
                sim.at(times[i], () -> {
                    assertThat(sim.now()).isEqualTo(times[id]);
                    executed.add(id);
                });
            }
            // List.sort is a stable merge sort: equal times keep their scheduling order
            List<Integer> expected = new ArrayList<>(IntStream.range(0, times.length).boxed().toList());
            expected.sort(Comparator.comparingLong(i -> times[i]));

            sim.run();

            assertThat(executed).containsExactlyElementsOf(expected);
            assertThat(sim.eventsExecuted()).isEqualTo(1000);
            assertThat(sim.pendingEvents()).isZero();
            assertThat(sim.now()).isEqualTo(times[expected.get(999)]);
        }

        @Test
        void anEventScheduledAtTheCurrentTimeFromInsideAnEventRunsAfterTheOnesAlreadyDueThen() {
            Simulator sim = new Simulator(1);
            List<String> order = new ArrayList<>();
            sim.at(10, () -> {
                order.add("a");
                sim.schedule(0, () -> order.add("a's child"));
            });
            sim.at(10, () -> order.add("b"));
            sim.at(11, () -> order.add("c"));
            sim.run();
            assertThat(order).containsExactly("a", "b", "a's child", "c");
        }

        @Test
        void scheduleIsRelativeToNowAndAtIsAbsolute() {
            Simulator sim = new Simulator(1);
            List<Long> when = new ArrayList<>();
            sim.at(100, () -> {
                sim.schedule(5, () -> when.add(sim.now()));
                sim.at(103, () -> when.add(sim.now()));
            });
            sim.run();
            assertThat(when).containsExactly(103L, 105L);
        }

        @Test
        void eventTimeAndPendingFlagFollowTheEventsLife() {
            Simulator sim = new Simulator(1);
            Event e = sim.schedule(42, () -> {});
            assertThat(e.time()).isEqualTo(42);
            assertThat(e.isPending()).isTrue();
            sim.run();
            assertThat(e.isPending()).isFalse();
        }
    }

    @Nested
    class Arguments {
        @Test
        void aNegativeDelayIsRejectedWithTheDelayInTheMessage() {
            Simulator sim = new Simulator(1);
            assertThatThrownBy(() -> sim.schedule(-1, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("negative delay -1 ns");
            assertThat(sim.pendingEvents()).isZero();
        }

        @Test
        void schedulingInThePastIsRejectedAndNamesBothTimes() {
            Simulator sim = new Simulator(1);
            sim.at(500, () -> {});
            sim.run();
            assertThat(sim.now()).isEqualTo(500);
            assertThatThrownBy(() -> sim.at(499, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("time 499 ns is before now 500 ns");
            assertThat(sim.pendingEvents()).isZero();
            // exactly now is not the past
            Event e = sim.at(500, () -> {});
            assertThat(e.isPending()).isTrue();
        }
    }

    @Nested
    class Cancellation {
        @Test
        void cancellingTheHeadTheMiddleAndTheLastLeavesTheOthersInOrder() {
            Simulator sim = new Simulator(1);
            List<Integer> ran = new ArrayList<>();
            Event[] e = new Event[7];
            for (int i = 0; i < e.length; i++) {
                int id = i;
                e[i] = sim.at(10L * i, () -> ran.add(id));
            }
            assertThat(sim.cancel(e[0])).as("head").isTrue();
            assertThat(sim.cancel(e[3])).as("middle").isTrue();
            assertThat(sim.cancel(e[6])).as("last").isTrue();
            assertThat(sim.pendingEvents()).isEqualTo(4);
            assertThat(e[0].isPending()).isFalse();
            sim.run();
            assertThat(ran).containsExactly(1, 2, 4, 5);
            assertThat(sim.eventsExecuted()).isEqualTo(4);
        }

        @Test
        void cancellingTwiceReturnsFalseTheSecondTime() {
            Simulator sim = new Simulator(1);
            Event e = sim.schedule(5, () -> {});
            assertThat(sim.cancel(e)).isTrue();
            assertThat(sim.cancel(e)).isFalse();
            assertThat(sim.pendingEvents()).isZero();
        }

        @Test
        void cancellingAfterTheEventRanReturnsFalseAndDoesNotDisturbTheQueue() {
            Simulator sim = new Simulator(1);
            List<String> ran = new ArrayList<>();
            Event first = sim.at(1, () -> ran.add("first"));
            sim.at(2, () -> ran.add("second"));
            sim.runUntil(1);
            assertThat(sim.cancel(first)).isFalse();
            assertThat(sim.pendingEvents()).isEqualTo(1);
            sim.run();
            assertThat(ran).containsExactly("first", "second");
        }

        @Test
        void anEventCanCancelALaterEventAtTheSameTime() {
            Simulator sim = new Simulator(1);
            List<String> ran = new ArrayList<>();
            Event[] victim = new Event[1];
            sim.at(3, () -> {
                ran.add("killer");
                assertThat(sim.cancel(victim[0])).isTrue();
            });
            victim[0] = sim.at(3, () -> ran.add("victim"));
            sim.run();
            assertThat(ran).containsExactly("killer");
            assertThat(sim.eventsExecuted()).isEqualTo(1);
        }

        @Test
        void cancellingNullReturnsFalse() {
            assertThat(new Simulator(1).cancel(null)).isFalse();
        }
    }

    @Nested
    class RunUntilAndStop {
        @Test
        void runUntilRunsEventsAtExactlyTheEndTimeLeavesLaterOnesAndSetsTheClock() {
            Simulator sim = new Simulator(1);
            List<Long> ran = new ArrayList<>();
            for (long t : new long[] {SECOND - 1, SECOND, SECOND, SECOND + 1, 2 * SECOND}) {
                sim.at(t, () -> ran.add(sim.now()));
            }
            sim.runUntil(SECOND);
            assertThat(ran).containsExactly(SECOND - 1, SECOND, SECOND);
            assertThat(sim.now()).isEqualTo(SECOND);
            assertThat(sim.pendingEvents()).isEqualTo(2);
            assertThat(sim.eventsExecuted()).isEqualTo(3);
        }

        @Test
        void runUntilWithNothingDueStillAdvancesTheClock() {
            Simulator sim = new Simulator(1);
            sim.at(10 * SECOND, () -> {});
            sim.runUntil(3 * SECOND);
            assertThat(sim.now()).isEqualTo(3 * SECOND);
            assertThat(sim.eventsExecuted()).isZero();
            // and relative scheduling is from the new clock
            Event e = sim.schedule(SECOND, () -> {});
            assertThat(e.time()).isEqualTo(4 * SECOND);
        }

        @Test
        void runUntilAnEarlierTimeNeverMovesTheClockBackwards() {
            Simulator sim = new Simulator(1);
            sim.runUntil(5 * SECOND);
            sim.runUntil(2 * SECOND);
            assertThat(sim.now()).isEqualTo(5 * SECOND);
        }

        @Test
        void runLeavesTheClockAtTheLastEventNotAtInfinity() {
            Simulator sim = new Simulator(1);
            sim.at(77, () -> {});
            sim.run();
            assertThat(sim.now()).isEqualTo(77);
        }

        @Test
        void stopReturnsAfterTheCurrentEventAndARunResumesWhereItStopped() {
            Simulator sim = new Simulator(1);
            List<Long> ran = new ArrayList<>();
            sim.at(1, () -> ran.add(1L));
            sim.at(2, () -> { ran.add(2L); sim.stop(); });
            sim.at(2, () -> ran.add(22L));
            sim.at(3, () -> ran.add(3L));
            sim.runUntil(10);
            assertThat(ran).containsExactly(1L, 2L);
            assertThat(sim.now()).as("a stopped run does not jump to its end time").isEqualTo(2);
            assertThat(sim.pendingEvents()).isEqualTo(2);
            assertThat(sim.eventsExecuted()).isEqualTo(2);

            sim.run();
            assertThat(ran).containsExactly(1L, 2L, 22L, 3L);
            assertThat(sim.eventsExecuted()).isEqualTo(4);
        }

        @Test
        void twoSimulatorsShareNothing() {
            Simulator a = new Simulator(1);
            Simulator b = new Simulator(1);
            a.at(5, () -> {});
            a.run();
            assertThat(b.now()).isZero();
            assertThat(b.eventsExecuted()).isZero();
            assertThat(a.random().stream("x").nextLong()).isEqualTo(b.random().stream("x").nextLong());
        }
    }
}
