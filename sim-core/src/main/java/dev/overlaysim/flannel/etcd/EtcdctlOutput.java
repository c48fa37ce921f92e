package dev.overlaysim.flannel.etcd;

import java.util.Objects;

/**
 * What one etcdctl invocation prints: standard output, standard error and the exit status, each
 * byte for byte (lines end in {@code \n}).
 */
public record EtcdctlOutput(String stdout, String stderr, int exitCode) {
    public EtcdctlOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    static EtcdctlOutput out(String stdout) { return new EtcdctlOutput(stdout, "", 0); }
    static EtcdctlOutput err(String stderr, int exitCode) { return new EtcdctlOutput("", stderr, exitCode); }

    /** What a terminal shows: stdout then stderr (etcdctl writes one or the other, never both, here). */
    public String terminal() { return stdout + stderr; }

    @Override public String toString() { return terminal(); }
}
