package dev.overlaysim.flannel.etcd;

/**
 * The outcome of a {@link Txn}: whether the comparisons held (so the {@code then} branch ran) and
 * the store revision after the transaction (unchanged when the chosen branch wrote nothing).
 */
public record TxnResult(boolean succeeded, long revision) {}
