package dev.overlaysim.flannel.etcd;

import java.util.List;

/**
 * The answer to etcd's {@code LeaseTimeToLive}: what {@code etcdctl lease timetolive --keys} prints
 * as {@code lease 0000000000000001 granted with TTL(86400s), remaining(86399s), attached keys([...])}.
 *
 * @param id               the lease id
 * @param grantedTtlSeconds the TTL given to grant
 * @param remainingSeconds whole seconds left, rounded down
 * @param expiresAtNanos   the simulated time at which the lease expires
 * @param keys             the attached keys, sorted
 */
public record LeaseStatus(long id, long grantedTtlSeconds, long remainingSeconds, long expiresAtNanos, List<String> keys) {
    public LeaseStatus {
        keys = List.copyOf(keys);
    }

    /** etcdctl v3's simple output of {@code lease timetolive <id> --keys}, without the newline. */
    public String etcdctlLine() {
        return String.format("lease %016x granted with TTL(%ds), remaining(%ds), attached keys(%s)",
                id, grantedTtlSeconds, remainingSeconds, "[" + String.join(" ", keys) + "]");
    }
}
