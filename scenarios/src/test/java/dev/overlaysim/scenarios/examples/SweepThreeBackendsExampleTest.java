package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.SweepGrid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sweep-three-backends.yaml}: the shipped sweep grid, 3 backends × 6 rates × 3 seeds. Its
 * primary run holds its checks; its cells are numbered backend, then rate, then seed; a cell is a
 * pure function of its backend, rate and seed, whichever thread runs it. (The whole grid through the
 * command line, here and as an Indexed Job, is {@code cli.SweepGridPathsTest}.)
 */
class SweepThreeBackendsExampleTest {
    static final Scenario SCENARIO = Scenario.load(Examples.DIRECTORY.resolve("sweep-three-backends.yaml"));

    @Test
    void thePrimaryRunsExpectationsHold() {
        assertThat(SCENARIO.run()).allExpectationsHold();
    }

    @Test
    void theGridIsBackendsTimesRatesTimesSeedsInFileOrder() {
        SweepGrid grid = SweepGrid.of(SCENARIO.spec()).orElseThrow();
        assertThat(grid.size()).isEqualTo(54);
        assertThat(grid.layout().backends()).containsExactly("udp", "vxlan", "host-gw");
        assertThat(grid.layout().seeds()).containsExactly(1L, 2L, 3L);
        SweepGrid.Cell c = grid.cells().get((1 * 6 + 4) * 3 + 2);
        assertThat(List.of(c.backend(), c.rate().text(), c.seed())).containsExactly("vxlan", "200kpps", 3L);
        assertThat(grid.shard(1, 4)).extracting(SweepGrid.Cell::index).startsWith(1, 5, 9).hasSize(14);
    }

    @Test
    void aCellIsTheSameOnOneThreadOrTwoAndRunAgain() {
        SweepGrid grid = SweepGrid.of(SCENARIO.spec()).orElseThrow();
        List<SweepGrid.Cell> some = List.of(grid.cells().get(13), grid.cells().get(30), grid.cells().get(53));
        List<SweepGrid.CellResult> one = grid.run(some, 1);
        assertThat(grid.run(some, 2)).isEqualTo(one);
        assertThat(grid.run(some.get(0))).isEqualTo(one.get(0));
        // udp at 200kpps is past what flanneld carries; host-gw at 300kpps is not.
        assertThat(one.get(0).point().lossPercent()).isGreaterThan(20);
        assertThat(one.get(2).point().lossPercent()).isZero();
    }
}
