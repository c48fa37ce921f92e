package dev.overlaysim.flannel.etcd;

import java.util.Objects;
import java.util.Optional;

/**
 * One change seen by a {@link Watch}, as etcd v3's {@code mvccpb.Event}: the type, the key after the
 * change and the key before it. etcd sends {@code prev_kv} only when the watcher asks for it; this
 * store always fills it in when there was a previous value.
 *
 * @param type   PUT or DELETE
 * @param kv     for PUT the new key-value; for DELETE only {@code key} and {@code modRevision} (the
 *               deletion's revision) are set, the rest are empty/zero, exactly as etcd sends it
 * @param prevKv the key-value before the change; empty for the PUT that created the key
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> prevKv) {
    public enum Type { PUT, DELETE }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(prevKv, "prevKv");
    }

    /** The store revision this event belongs to. Events of one transaction share a revision. */
    public long revision() { return kv.modRevision(); }

    public String key() { return kv.key(); }

    @Override public String toString() {
        return type + " " + kv.key() + "@" + revision() + (type == Type.PUT ? " = " + kv.value() : "");
    }
}
