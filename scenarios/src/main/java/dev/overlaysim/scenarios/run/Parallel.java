package dev.overlaysim.scenarios.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The one place runs go side by side: a load curve ({@link Scenario#runSweep}) and a sweep grid
 * ({@link SweepGrid#run(List, int)}) are sets of independent, deterministic worlds, so they run on a
 * fixed pool and their results come back in input order, whatever the scheduling.
 */
final class Parallel {
    private Parallel() {}

    /** The default number of threads: the cores this JVM may use. */
    static int availableJobs() { return Runtime.getRuntime().availableProcessors(); }

    /**
     * {@code work} applied to every item on {@code jobs} threads (no more than there are items); the
     * results in {@code items}' order. A run's failure is rethrown as it was thrown ({@code what}
     * names the work in the message when the wait is interrupted).
     */
    static <T, R> List<R> map(List<T> items, int jobs, Function<T, R> work, String what) {
        if (jobs < 1) throw new IllegalArgumentException("jobs " + jobs + ": expected at least 1");
        if (items.isEmpty()) return List.of();
        List<Callable<R>> runs = new ArrayList<>();
        for (T item : items) runs.add(() -> work.apply(item));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, runs.size()));
        try {
            List<R> results = new ArrayList<>();
            for (Future<R> f : pool.invokeAll(runs)) results.add(f.get());
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
