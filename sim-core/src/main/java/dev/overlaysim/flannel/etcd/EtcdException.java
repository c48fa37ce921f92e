package dev.overlaysim.flannel.etcd;

/**
 * A request the simulated etcd refuses. The message is etcd's own error text where etcd has one
 * ({@code etcdserver: requested lease not found}), so that logs of a simulated flanneld read like
 * real ones; {@link #request()} says which request failed.
 */
public final class EtcdException extends RuntimeException {
    private final String request;

    public EtcdException(String request, String etcdMessage) {
        super(etcdMessage);
        this.request = request;
    }

    /** The failed request, e.g. {@code put /coreos.com/network/subnets/10.1.15.0-24 (lease 7)}. */
    public String request() { return request; }

    @Override public String toString() { return "EtcdException: " + getMessage() + " [" + request + "]"; }
}
