package dev.overlaysim.scenarios.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run reported in slices for a progress line advances exactly as a run without one, and idle time costs no slices. */
class ProgressTest {

    @Test
    void idleSimulatedTimeIsSkippedAndTheResultIsTheSame() throws Exception {
        // A ping ten years from now: slicing 10 ms at a time would take 3 * 10^10 slices.
        String yaml = Files.readString(Path.of("examples", "seed-vxlan.yaml"))
                .replace("count: 1, size: 56, start: 1s}", "count: 2, size: 56, start: 315360000s}");
        List<Long> reports = new ArrayList<>();
        ScenarioResult sliced = Scenario.fromYaml(yaml).run(RunOptions.DEFAULT.withProgress((now, end) -> reports.add(now)));
        ScenarioResult whole = Scenario.fromYaml(yaml).run();

        // Bounded by the events there are (lease renewals every few hours), not by the 10 years.
        assertThat(reports).hasSizeLessThan(20_000).isSorted();
        assertThat(reports.get(reports.size() - 1)).isEqualTo(315_360_000_000_000_000L + 1_000_000_000L + Scenario.SETTLE_NANOS);
        assertThat(sliced.flows()).hasSize(1);
        assertThat(sliced.flows().get(0).delivered()).isEqualTo(2);
        assertThat(sliced.flows()).usingRecursiveComparison().isEqualTo(whole.flows());
    }
}
