package dev.overlaysim.flannel.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An etcd v3 transaction: {@code if (all compares hold) then ops else ops}, applied atomically at
 * one new revision. Built with {@link Etcd#txn()}:
 *
 * <pre>{@code
 * TxnResult r = etcd.txn()
 *         .ifAbsent(key)                     // Compare(CreateRevision(key), "=", 0)
 *         .thenPut(key, json, leaseId)
 *         .commit();
 * }</pre>
 *
 * Flannel writes the same condition as {@code Compare(Version(key), "=", 0)} (pkg/subnet/etcd/registry.go,
 * createSubnet); {@link #ifVersion} with 0 is equivalent. For a key that does not exist every
 * revision/version comparison sees 0 and every value comparison fails, as in etcd.
 */
public final class Txn {
    /** One comparison of a key's field with a constant (equality only; flannel uses nothing else). */
    public record Compare(String key, Target target, long number, String value) {
        public enum Target { CREATE_REVISION, MOD_REVISION, VERSION, VALUE }

        boolean holds(KeyValue kv) {
            return switch (target) {
                case CREATE_REVISION -> (kv == null ? 0 : kv.createRevision()) == number;
                case MOD_REVISION -> (kv == null ? 0 : kv.modRevision()) == number;
                case VERSION -> (kv == null ? 0 : kv.version()) == number;
                case VALUE -> kv != null && kv.value().equals(value);
            };
        }
    }

    /** A write inside a transaction. */
    public sealed interface Op permits Put, Delete, DeletePrefix {
        String key();
    }

    public record Put(String key, String value, long leaseId) implements Op {}
    public record Delete(String key) implements Op {}
    public record DeletePrefix(String key) implements Op {}

    private final Etcd etcd;
    private final List<Compare> compares = new ArrayList<>();
    private final List<Op> thenOps = new ArrayList<>();
    private final List<Op> elseOps = new ArrayList<>();
    private boolean committed;

    Txn(Etcd etcd) { this.etcd = etcd; }

    /** Holds when the key does not exist: {@code Compare(CreateRevision(key), "=", 0)}. */
    public Txn ifAbsent(String key) { return ifCreateRevision(key, 0); }
    public Txn ifCreateRevision(String key, long revision) { return add(key, Compare.Target.CREATE_REVISION, revision, null); }
    public Txn ifModRevision(String key, long revision) { return add(key, Compare.Target.MOD_REVISION, revision, null); }
    public Txn ifVersion(String key, long version) { return add(key, Compare.Target.VERSION, version, null); }
    public Txn ifValue(String key, String value) { return add(key, Compare.Target.VALUE, 0, Objects.requireNonNull(value, "value")); }

    public Txn thenPut(String key, String value) { return then(new Put(key, value, Etcd.NO_LEASE)); }
    public Txn thenPut(String key, String value, long leaseId) { return then(new Put(key, value, leaseId)); }
    public Txn thenDelete(String key) { return then(new Delete(key)); }
    public Txn thenDeletePrefix(String prefix) { return then(new DeletePrefix(prefix)); }
    public Txn elsePut(String key, String value) { return orElse(new Put(key, value, Etcd.NO_LEASE)); }
    public Txn elsePut(String key, String value, long leaseId) { return orElse(new Put(key, value, leaseId)); }
    public Txn elseDelete(String key) { return orElse(new Delete(key)); }
    public Txn elseDeletePrefix(String prefix) { return orElse(new DeletePrefix(prefix)); }

    public Txn then(Op op) {
        checkOpen();
        thenOps.add(Objects.requireNonNull(op, "op"));
        return this;
    }

    public Txn orElse(Op op) {
        checkOpen();
        elseOps.add(Objects.requireNonNull(op, "op"));
        return this;
    }

    /** Evaluates the comparisons and applies one branch atomically. A transaction commits once. */
    public TxnResult commit() {
        checkOpen();
        committed = true;
        return etcd.commit(List.copyOf(compares), List.copyOf(thenOps), List.copyOf(elseOps));
    }

    private Txn add(String key, Compare.Target target, long number, String value) {
        checkOpen();
        compares.add(new Compare(Objects.requireNonNull(key, "key"), target, number, value));
        return this;
    }

    private void checkOpen() {
        if (committed) throw new IllegalStateException("transaction already committed");
    }
}
