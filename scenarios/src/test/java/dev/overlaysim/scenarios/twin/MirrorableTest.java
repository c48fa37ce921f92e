package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the twin refuses before it builds any namespace (needs no root). */
class MirrorableTest {
    @Test
    void aFlowSentAtARateIsRefusedSayingWhy() {
        ScenarioSpec spec = ScenarioLoader.load(Path.of("examples", "load-three-backends.yaml"));
        assertThatThrownBy(() -> Twin.checkMirrorable(spec))
                .isInstanceOf(TwinException.class)
                .hasMessage("the twin cannot mirror scenario load-three-backends: flow flood is sent at a rate: the twin compares"
                        + " packet by packet, and replays flows of count datagrams one per interval only");
        assertThatCode(() -> Twin.checkMirrorable(ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml")))).doesNotThrowAnyException();
    }
}
