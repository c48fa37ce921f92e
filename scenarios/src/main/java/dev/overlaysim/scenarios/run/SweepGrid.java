package dev.overlaysim.scenarios.run;

import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The grid {@code overlaysim sweep} runs: every backend × offered rate × seed of a scenario's
 * {@code compare:} section (with {@code rates:}; {@code seeds:} defaults to the scenario's
 * {@code seed}). Each cell is an independent, deterministic simulation: the load curve's flow sent at
 * the cell's rate over the cell's backend, with the cell's seed, without checks.
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
     * What one cell measured: the load curve's point, and the flow's drops ("reason at place" →
     * count, in the result's order).
     */
    public record CellResult(Cell cell, Sweep.Point point, Map<String, Long> drops) {
        public CellResult {
            drops = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(drops));
        }
    }

    private final ScenarioSpec spec;
    private final String flow;
    private final List<String> backends;
    private final List<CompareSpec.SweepRate> rates;
    private final List<Long> seeds;
    private final List<Cell> cells;

    private SweepGrid(ScenarioSpec spec) {
        CompareSpec c = spec.compare().orElseThrow();
        this.spec = spec;
        this.flow = Scenario.sweepFlow(spec);
        this.backends = c.backends();
        this.rates = c.rates();
        this.seeds = c.seeds().isEmpty() ? List.of(spec.seed()) : c.seeds();
        List<Cell> all = new ArrayList<>();
        for (String b : backends) {
            for (CompareSpec.SweepRate r : rates) {
                for (long s : seeds) all.add(new Cell(all.size(), b, r, s));
            }
        }
        this.cells = List.copyOf(all);
    }

    /** The grid of {@code spec}; empty when it has no load curve ({@code compare:} with {@code rates:}). */
    public static Optional<SweepGrid> of(ScenarioSpec spec) {
        return spec.compare().filter(CompareSpec::isSweep).map(c -> new SweepGrid(spec));
    }

    public ScenarioSpec spec() { return spec; }

    /** The flow whose rate the grid varies. */
    public String flow() { return flow; }

    public List<String> backends() { return backends; }

    public List<CompareSpec.SweepRate> rates() { return rates; }

    /** {@code compare.seeds}, or the scenario's {@code seed} alone. */
    public List<Long> seeds() { return seeds; }

    /** Every cell, by index. */
    public List<Cell> cells() { return cells; }

    public int size() { return cells.size(); }

    /** The cells of shard {@code index} of {@code shards}: {@code index, index + shards, ...}. */
    public List<Cell> shard(int index, int shards) {
        if (shards < 1 || shards > cells.size()) {
            throw new IllegalArgumentException("shards " + shards + ": expected 1 to " + cells.size());
        }
        if (index < 0 || index >= shards) throw new IllegalArgumentException("index " + index + ": expected 0 to " + (shards - 1));
        List<Cell> out = new ArrayList<>();
        for (int i = index; i < cells.size(); i += shards) out.add(cells.get(i));
        return out;
    }

    /** Runs one cell. */
    public CellResult run(Cell cell) {
        ScenarioSpec variant = Scenario.withRate(Scenario.withBackend(spec, cell.backend()), flow, cell.rate());
        ScenarioResult r = Scenario.of(variant).run(RunOptions.DEFAULT.withSeed(cell.seed()));
        return new CellResult(cell, Sweep.point(flow, cell.rate().packetsPerSecond(), r), r.flow(flow).drops());
    }

    /**
     * Runs {@code cells} on {@code jobs} threads. Each world is independent, so the results, in
     * {@code cells}' order, are the same whatever {@code jobs} is.
     */
    public List<CellResult> run(List<Cell> cells, int jobs) {
        if (jobs < 1) throw new IllegalArgumentException("jobs " + jobs + ": expected at least 1");
        List<Callable<CellResult>> runs = new ArrayList<>();
        for (Cell c : cells) runs.add(() -> run(c));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, runs.size())));
        try {
            List<CellResult> results = new ArrayList<>();
            for (Future<CellResult> f : pool.invokeAll(runs)) results.add(f.get());
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the sweep", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
