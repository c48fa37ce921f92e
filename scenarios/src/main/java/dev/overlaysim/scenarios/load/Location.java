package dev.overlaysim.scenarios.load;

/** A 1-based line and column in the scenario file. */
public record Location(int line, int column) {

    static final Location START = new Location(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
