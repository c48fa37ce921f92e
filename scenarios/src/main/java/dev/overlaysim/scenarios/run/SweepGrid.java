package dev.overlaysim.scenarios.run;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The grid {@code overlaysim sweep} runs: every backend × offered rate × seed of a scenario's
 * {@code compare:} section (with {@code rates:}; {@code seeds:} defaults to the scenario's
 * {@code seed}). Each cell is an independent, deterministic simulation: the load curve's flow sent at
 * the cell's rate over the cell's backend, with the cell's seed, without checks — the same variant
 * of the scenario {@link Scenario#runSweep} runs for that backend and rate.
 *
 * <p>Cells are numbered backend first, then rate, then seed, each in file order:
 * {@code index = (backend × rates + rate) × seeds + seed} (0-based positions). Shard {@code i} of
 * {@code k} holds cells {@code i, i + k, i + 2k, ...}; with {@code k} = the number of cells, shard
 * {@code i} is cell {@code i}.
 */
public final class SweepGrid {

    /** One simulation of the grid: its index, backend type, offered rate and seed. */
    public record Cell(int index, String backend, CompareSpec.SweepRate rate, long seed) {}

    /**
     * What one cell measured: the load curve's point, and the flow's drops (→
     * count, in the result's order).
     */
    public record CellResult(Cell cell, Sweep.Point point, Map<Drop, Long> drops) {
        public CellResult {
            drops = Collections.unmodifiableMap(new LinkedHashMap<>(drops));
        }
    }

    /**
     * What a grid is without the scenario it came from: enough to number its cells and to report
     * on them. {@code overlaysim sweep merge} rebuilds it from the per-index JSON files, so the merged
     * table, CSV and chart are drawn from the same values as a sweep run here.
     *
     * @param scenario the scenario's {@code name}
     */
    public record Layout(String scenario, String flow, List<String> backends, List<CompareSpec.SweepRate> rates, List<Long> seeds) {
        public Layout {
            backends = List.copyOf(backends);
            rates = List.copyOf(rates);
            seeds = List.copyOf(seeds);
        }

        /** Every cell, by index. */
        public List<Cell> cells() {
            List<Cell> all = new ArrayList<>();
            for (String b : backends) {
                for (CompareSpec.SweepRate r : rates) {
                    for (long s : seeds) all.add(new Cell(all.size(), b, r, s));
                }
            }
            return List.copyOf(all);
        }

        public int size() { return backends.size() * rates.size() * seeds.size(); }
    }

    private final ScenarioSpec spec;
    private final Layout layout;
    private final List<Cell> cells;

    private SweepGrid(ScenarioSpec spec) {
        CompareSpec c = spec.compare().orElseThrow();
        this.spec = spec;
        this.layout = new Layout(spec.name(), Scenario.sweepFlow(spec), c.backends(), c.rates(),
                c.seeds().isEmpty() ? List.of(spec.seed()) : c.seeds());
        this.cells = layout.cells();
    }

    /** The grid of {@code spec}; empty when it has no load curve ({@code compare:} with {@code rates:}). */
    public static Optional<SweepGrid> of(ScenarioSpec spec) {
        return spec.compare().filter(CompareSpec::isSweep).map(c -> new SweepGrid(spec));
    }

    public ScenarioSpec spec() { return spec; }

    public Layout layout() { return layout; }

    /** Every cell, by index. */
    public List<Cell> cells() { return cells; }

    public int size() { return cells.size(); }

    /** The default number of threads {@link #run(List, int)} is given: this machine's cores. */
    public static int defaultJobs() { return Parallel.availableJobs(); }

    /** The cells of shard {@code index} of {@code shards}: {@code index, index + shards, ...}. */
    public List<Cell> shard(int index, int shards) {
        return shard(cells, index, shards);
    }

    /** The cells of {@code all} in shard {@code index} of {@code shards}. */
    public static List<Cell> shard(List<Cell> all, int index, int shards) {
        if (shards < 1 || shards > all.size()) {
            throw new IllegalArgumentException("shards " + shards + ": expected 1 to " + all.size());
        }
        if (index < 0 || index >= shards) throw new IllegalArgumentException("index " + index + ": expected 0 to " + (shards - 1));
        List<Cell> out = new ArrayList<>();
        for (int i = index; i < all.size(); i += shards) out.add(all.get(i));
        return out;
    }

    /** Runs one cell: its backend and rate as the load curve runs them, with its seed. */
    public CellResult run(Cell cell) {
        String flow = layout.flow();
        ScenarioSpec variant = Scenario.withRate(Scenario.withBackend(spec, cell.backend()), flow, cell.rate());
        ScenarioResult r = Scenario.of(variant).run(RunOptions.DEFAULT.withSeed(cell.seed()));
        return new CellResult(cell, Sweep.point(flow, cell.rate().packetsPerSecond(), r), r.flow(flow).drops());
    }

    /**
     * Runs {@code cells} on {@code jobs} threads. Each world is independent, so the results, in
     * {@code cells}' order, are the same whatever {@code jobs} is.
     */
    public List<CellResult> run(List<Cell> cells, int jobs) {
        return Parallel.map(cells, jobs, this::run, "the sweep");
    }
}
