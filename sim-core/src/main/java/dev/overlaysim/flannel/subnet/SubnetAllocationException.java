package dev.overlaysim.flannel.subnet;

/**
 * A lease request that cannot be met. {@link #flannelText()} is flannel's error text when flannel
 * has one ({@code out of subnets}, pkg/subnet/etcd/local_manager.go allocateSubnet); the message
 * adds the range and counts.
 */
public final class SubnetAllocationException extends RuntimeException {
    private final String flannelText;

    SubnetAllocationException(String text, String detail) {
        super(detail == null || detail.isEmpty() ? text : text + " (" + detail + ")");
        this.flannelText = text;
    }

    public String flannelText() { return flannelText; }
}
