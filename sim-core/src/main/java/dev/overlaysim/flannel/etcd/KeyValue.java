package dev.overlaysim.flannel.etcd;

import java.util.Objects;

/**
 * One key as etcd v3 stores it ({@code mvccpb.KeyValue}).
 *
 * @param key            the key, never empty
 * @param value          the value ({@code ""} in the {@code kv} of a DELETE event, as etcd sends it)
 * @param createRevision the revision of the put that created this incarnation of the key (0 in a DELETE event)
 * @param modRevision    the revision of the last change (for a DELETE event: the deletion's revision)
 * @param version        1 on creation, +1 per put; 0 in a DELETE event
 * @param leaseId        the attached lease, or {@link Etcd#NO_LEASE}
 */
public record KeyValue(String key, String value, long createRevision, long modRevision, long version, long leaseId) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public boolean hasLease() { return leaseId != Etcd.NO_LEASE; }
}
