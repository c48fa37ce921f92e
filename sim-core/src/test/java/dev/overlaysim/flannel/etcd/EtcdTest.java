package dev.overlaysim.flannel.etcd;

import dev.overlaysim.engine.Simulator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.overlaysim.flannel.etcd.WatchEvent.Type.DELETE;
import static dev.overlaysim.flannel.etcd.WatchEvent.Type.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EtcdTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final String SUBNETS = "/coreos.com/network/subnets/";
    static final String NODE1 = SUBNETS + "10.1.15.0-24";
    static final String NODE2 = SUBNETS + "10.1.16.0-24";

    final Simulator sim = new Simulator(1);
    final Etcd etcd = new Etcd(sim);

    @Nested
    class Revisions {
        @Test
        void anEmptyStoreIsAtRevisionOneLikeEtcd() {
            assertThat(etcd.revision()).isEqualTo(1);
            assertThat(etcd.get(NODE1)).isEmpty();
        }

        @Test
        void eachPutBumpsTheRevisionAndTheKeyRemembersCreationModificationAndVersion() {
            assertThat(etcd.put(NODE1, "a")).isEqualTo(2);
            assertThat(etcd.put(NODE2, "b")).isEqualTo(3);
            assertThat(etcd.put(NODE1, "c")).isEqualTo(4);

            assertThat(etcd.get(NODE1)).contains(new KeyValue(NODE1, "c", 2, 4, 2, Etcd.NO_LEASE));
            assertThat(etcd.get(NODE2)).contains(new KeyValue(NODE2, "b", 3, 3, 1, Etcd.NO_LEASE));
        }

        @Test
        void deletingAMissingKeyWritesNothingAndKeepsTheRevision() {
            etcd.put(NODE1, "a");
            assertThat(etcd.delete(NODE2)).isEqualTo(2);
            assertThat(etcd.history()).hasSize(1);
        }

        @Test
        void aKeyRecreatedAfterDeletionStartsAFreshIncarnation() {
            etcd.put(NODE1, "a");        // 2
            etcd.put(NODE1, "b");        // 3
            assertThat(etcd.delete(NODE1)).isEqualTo(4);
            etcd.put(NODE1, "c");        // 5
            assertThat(etcd.get(NODE1)).contains(new KeyValue(NODE1, "c", 5, 5, 1, Etcd.NO_LEASE));
        }

        @Test
        void aPrefixDeleteRemovesAllItsKeysAtOneRevision() {
            etcd.put("/coreos.com/network/config", "{}");
            etcd.put(NODE1, "a");
            etcd.put(NODE2, "b");
            assertThat(etcd.deletePrefix(SUBNETS)).isEqualTo(5);
            assertThat(etcd.all()).extracting(KeyValue::key).containsExactly("/coreos.com/network/config");
            assertThat(etcd.history().subList(3, 5)).extracting(WatchEvent::type, WatchEvent::key, WatchEvent::revision)
                    .containsExactly(tuple(DELETE, NODE1, 5L), tuple(DELETE, NODE2, 5L));
        }
    }

    @Test
    void aPrefixRangeIsSortedByKeyAndStopsAtThePrefix() {
        etcd.put(SUBNETS + "10.1.9.0-24", "x");
        etcd.put("/coreos.com/network/config", "c");
        etcd.put(SUBNETS + "10.1.10.0-24", "y");
        etcd.put("/coreos.com/network/subnetsX", "not a child");
        etcd.put(SUBNETS + "10.1.1.0-24", "z");

        assertThat(etcd.getPrefix(SUBNETS)).extracting(KeyValue::key).containsExactly(
                SUBNETS + "10.1.1.0-24", SUBNETS + "10.1.10.0-24", SUBNETS + "10.1.9.0-24");
        assertThat(etcd.getPrefix("")).hasSize(5);
    }

    @Nested
    class Transactions {
        @Test
        void createIfAbsentWinsExactlyOnce() {
            TxnResult first = etcd.putIfAbsent(NODE1, "{\"PublicIP\":\"10.168.0.2\"}", Etcd.NO_LEASE);
            TxnResult second = etcd.putIfAbsent(NODE1, "{\"PublicIP\":\"10.168.0.3\"}", Etcd.NO_LEASE);

            assertThat(first).isEqualTo(new TxnResult(true, 2));
            assertThat(second).isEqualTo(new TxnResult(false, 2));
            assertThat(etcd.get(NODE1).orElseThrow().value()).isEqualTo("{\"PublicIP\":\"10.168.0.2\"}");
        }

        @Test
        void flannelsVersionEqualsZeroIsTheSameCondition() {
            assertThat(etcd.txn().ifVersion(NODE1, 0).thenPut(NODE1, "a").commit().succeeded()).isTrue();
            assertThat(etcd.txn().ifVersion(NODE1, 0).thenPut(NODE1, "b").commit().succeeded()).isFalse();
        }

        @Test
        void compareAndSwapOnModRevisionTakesTheElseBranchWhenStale() {
            etcd.put(NODE1, "v1");                       // rev 2
            etcd.put(NODE1, "v2");                       // rev 3
            TxnResult stale = etcd.txn().ifModRevision(NODE1, 2).thenPut(NODE1, "mine")
                    .elsePut("/conflicts", NODE1).commit();
            assertThat(stale).isEqualTo(new TxnResult(false, 4));
            assertThat(etcd.get(NODE1).orElseThrow().value()).isEqualTo("v2");
            assertThat(etcd.get("/conflicts")).isPresent();

            TxnResult fresh = etcd.txn().ifModRevision(NODE1, 3).ifValue(NODE1, "v2").thenPut(NODE1, "mine").commit();
            assertThat(fresh).isEqualTo(new TxnResult(true, 5));
        }

        @Test
        void aValueCompareOnAMissingKeyFails() {
            assertThat(etcd.txn().ifValue(NODE1, "").thenPut(NODE1, "x").commit().succeeded()).isFalse();
        }

        @Test
        void allWritesOfATransactionShareOneRevision() {
            etcd.put(NODE2, "old");
            TxnResult r = etcd.txn().ifAbsent(NODE1).thenPut(NODE1, "a").thenDelete(NODE2).commit();
            assertThat(r.revision()).isEqualTo(3);
            assertThat(etcd.history()).extracting(WatchEvent::type, WatchEvent::revision)
                    .containsExactly(tuple(PUT, 2L), tuple(PUT, 3L), tuple(DELETE, 3L));
        }

        @Test
        void etcdRefusesTheSameKeyTwiceInOneTransaction() {
            assertThatThrownBy(() -> etcd.txn().thenPut(NODE1, "a").thenPut(NODE1, "b").commit())
                    .isInstanceOf(EtcdException.class)
                    .hasMessage("etcdserver: duplicate key given in txn request");
            assertThat(etcd.revision()).isEqualTo(1);
        }

        @Test
        void aPutWithAnUnknownLeaseIsRefusedWithEtcdsText() {
            assertThatThrownBy(() -> etcd.put(NODE1, "a", 42))
                    .isInstanceOf(EtcdException.class)
                    .hasMessage("etcdserver: requested lease not found")
                    .satisfies(e -> assertThat(((EtcdException) e).request()).isEqualTo("put " + NODE1 + " (lease 42)"));
        }

        @Test
        void anEmptyKeyIsRefused() {
            assertThatThrownBy(() -> etcd.put("", "a")).hasMessage("etcdserver: key is not provided");
        }
    }

    @Nested
    class Watches {
        final Etcd slow = new Etcd(sim, 5 * MS);
        final List<String> seen = new ArrayList<>();

        void record(WatchEvent e) {
            seen.add(sim.now() / MS + "ms " + e);
        }

        @Test
        void deliversPutsAndDeletesInRevisionOrderAfterTheLatency() {
            slow.watch(SUBNETS, 0, this::record);
            slow.put(NODE1, "a");
            slow.put("/coreos.com/network/config", "ignored: outside the prefix");
            slow.put(NODE2, "b");
            slow.delete(NODE1);

            sim.runUntil(5 * MS - 1);
            assertThat(seen).isEmpty();
            sim.runUntil(5 * MS);
            assertThat(seen).containsExactly(
                    "5ms PUT " + NODE1 + "@2 = a",
                    "5ms PUT " + NODE2 + "@4 = b",
                    "5ms DELETE " + NODE1 + "@5");
        }

        @Test
        void aZeroLatencyStillDeliversThroughTheSimulatorNotInline() {
            etcd.watch(SUBNETS, 0, this::record);
            etcd.put(NODE1, "a");
            assertThat(seen).isEmpty();
            sim.run();
            assertThat(seen).containsExactly("0ms PUT " + NODE1 + "@2 = a");
        }

        @Test
        void eventsCarryThePreviousValue() {
            List<WatchEvent> events = new ArrayList<>();
            etcd.put(NODE1, "v1");
            etcd.watch(NODE1, 0, events::add);
            etcd.put(NODE1, "v2");
            etcd.delete(NODE1);
            sim.run();

            assertThat(events.get(0).prevKv()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("v1"));
            assertThat(events.get(1).type()).isEqualTo(DELETE);
            assertThat(events.get(1).kv()).isEqualTo(new KeyValue(NODE1, "", 0, 4, 0, Etcd.NO_LEASE));
            assertThat(events.get(1).prevKv()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("v2"));
        }

        @Test
        void watchingFromAnOlderRevisionReplaysHistoryThenGoesLive() {
            slow.put(NODE1, "a");     // 2
            slow.put(NODE2, "b");     // 3
            slow.delete(NODE1);       // 4
            sim.runUntil(100 * MS);

            slow.watch(SUBNETS, 3, this::record);
            slow.put(NODE1, "c");     // 5
            sim.run();

            assertThat(seen).containsExactly(
                    "105ms PUT " + NODE2 + "@3 = b",
                    "105ms DELETE " + NODE1 + "@4",
                    "105ms PUT " + NODE1 + "@5 = c");
        }

        @Test
        void cancelStopsDeliveryEvenOfEventsAlreadyInFlight() {
            Watch w = slow.watch(SUBNETS, 0, this::record);
            slow.put(NODE1, "a");
            sim.runUntil(5 * MS);
            slow.put(NODE2, "b");                 // due at 10 ms
            sim.runUntil(7 * MS);
            w.cancel();
            slow.put(NODE1, "c");
            sim.run();

            assertThat(seen).containsExactly("5ms PUT " + NODE1 + "@2 = a");
            assertThat(w.isCancelled()).isTrue();
            assertThat(w.delivered()).isEqualTo(1);
            assertThat(slow.watches()).isEmpty();
        }
    }

    @Nested
    class Leases {
        final List<String> seen = new ArrayList<>();

        @Test
        void expiryDeletesTheKeysAtExactlyGrantPlusTtl() {
            sim.runUntil(1 * S);
            long lease = etcd.grant(10);
            etcd.put(NODE1, "a", lease);
            etcd.put(NODE2, "b", lease);
            etcd.watch(SUBNETS, 0, e -> seen.add(sim.now() + " " + e.type() + " " + e.key() + "@" + e.revision()));

            sim.runUntil(11 * S - 1);
            assertThat(etcd.get(NODE1)).isPresent();
            assertThat(etcd.timeToLive(lease).orElseThrow().remainingSeconds()).isZero();

            sim.runUntil(11 * S);
            assertThat(etcd.get(NODE1)).isEmpty();
            assertThat(etcd.get(NODE2)).isEmpty();
            assertThat(etcd.timeToLive(lease)).isEmpty();
            assertThat(seen).containsExactly(
                    11 * S + " DELETE " + NODE1 + "@4",
                    11 * S + " DELETE " + NODE2 + "@4");
        }

        @Test
        void keepAlivePostponesExpiryToKeepAlivePlusTtl() {
            long lease = etcd.grant(10);
            etcd.put(NODE1, "a", lease);
            sim.runUntil(6 * S);
            assertThat(etcd.keepAlive(lease)).isEqualTo(10);

            sim.runUntil(15 * S);
            assertThat(etcd.get(NODE1)).as("still leased after the original expiry at 10 s").isPresent();
            sim.runUntil(16 * S - 1);
            assertThat(etcd.get(NODE1)).isPresent();
            sim.runUntil(16 * S);
            assertThat(etcd.get(NODE1)).isEmpty();
        }

        @Test
        void revokeDeletesAtOnceWithDeleteEventsAndTheLeaseIsGone() {
            long lease = etcd.grant(86_400);
            etcd.put(NODE1, "a", lease);
            etcd.put(NODE2, "b", lease);
            etcd.watch(SUBNETS, 0, e -> seen.add(e.type() + " " + e.key() + "@" + e.revision()));

            assertThat(etcd.revoke(lease)).isEqualTo(4);
            assertThat(etcd.size()).isZero();
            sim.run();
            assertThat(seen).containsExactly("DELETE " + NODE1 + "@4", "DELETE " + NODE2 + "@4");
            assertThat(sim.now()).as("no expiry left behind").isZero();
            assertThatThrownBy(() -> etcd.keepAlive(lease)).isInstanceOf(EtcdException.class)
                    .hasMessage("etcdserver: requested lease not found");
        }

        @Test
        void leaseIdsAreSequentialPerStore() {
            assertThat(List.of(etcd.grant(5), etcd.grant(5), etcd.grant(5))).containsExactly(1L, 2L, 3L);
        }

        @Test
        void timeToLiveReportsGrantedRemainingAndAttachedKeys() {
            long lease = etcd.grant(86_400);
            etcd.put(NODE2, "b", lease);
            etcd.put(NODE1, "a", lease);
            sim.runUntil(1500 * MS);

            LeaseStatus st = etcd.timeToLive(lease).orElseThrow();
            assertThat(st).isEqualTo(new LeaseStatus(1, 86_400, 86_398, 86_400 * S, List.of(NODE1, NODE2)));
            assertThat(st.etcdctlLine()).isEqualTo("lease 0000000000000001 granted with TTL(86400s), remaining(86398s),"
                    + " attached keys([" + NODE1 + " " + NODE2 + "])");
        }

        @Test
        void aPutWithoutLeaseDetachesTheKeySoExpiryLeavesIt() {
            long lease = etcd.grant(10);
            etcd.put(NODE1, "a", lease);
            etcd.put(NODE1, "b");
            sim.run();
            assertThat(etcd.get(NODE1)).hasValueSatisfying(kv -> assertThat(kv.value()).isEqualTo("b"));
            assertThat(etcd.revision()).as("expiry of a lease without keys writes nothing").isEqualTo(3);
        }

        @Test
        void aTtlBeyondEtcdsMaximumIsRefused() {
            assertThatThrownBy(() -> etcd.grant(Etcd.MAX_LEASE_TTL_SECONDS + 1)).hasMessage("etcdserver: too large lease TTL");
            assertThatThrownBy(() -> etcd.grant(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
