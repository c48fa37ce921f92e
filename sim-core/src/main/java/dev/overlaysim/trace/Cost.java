package dev.overlaysim.trace;

/** The things a packet's ledger counts. Each is counted where the model does it, never written down. */
public enum Cost {
    /** Bytes crossing between user space and the kernel: counted by the copy itself. */
    COPIES("copies"),
    COPY_BYTES("copied bytes"),
    /** Each syscall is one entry into the kernel and one return to user space. */
    SYSCALLS("syscalls"),
    MODE_SWITCHES("user/kernel mode switches"),
    /** A blocked process made runnable because this packet arrived. */
    WAKEUPS("process wake-ups"),
    ENCAPSULATIONS("encapsulations"),
    DECAPSULATIONS("decapsulations");

    private final String label;

    Cost(String label) { this.label = label; }

    public String label() { return label; }
}
