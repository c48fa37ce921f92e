package dev.overlaysim.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropTest {

    @Test
    void itsTextIsReasonAtPlaceAndParsesBack() {
        Drop d = new Drop(DropReason.TUN_QUEUE_FULL, "node1/flannel0");
        assertThat(d).hasToString("tun-queue-full at node1/flannel0");
        assertThat(Drop.parse(d.toString())).isEqualTo(d);
        assertThat(Drop.parse("socket-queue-full at node2")).isEqualTo(new Drop(DropReason.SOCKET_QUEUE_FULL, "node2"));
    }

    @Test
    void ordersAsItsTextSorts() {
        // Reports and JSON list drops in this order: it must be the order the strings had.
        List<Drop> drops = new ArrayList<>();
        for (DropReason r : DropReason.values()) {
            for (String place : List.of("node1", "node1/eth0", "node10/eth0", "node2/docker0", "a")) drops.add(new Drop(r, place));
        }
        Collections.shuffle(drops, new java.util.Random(7));
        List<String> byText = new ArrayList<>(drops.stream().map(Drop::toString).toList());
        Collections.sort(byText);
        Collections.sort(drops);
        assertThat(drops.stream().map(Drop::toString).toList()).isEqualTo(byText);
    }

    @Test
    void isAtTheHostOrTheDeviceExactly() {
        Drop onDevice = Drop.parse("neigh-failed at node1/eth0");
        assertThat(onDevice.isAt("node1", "eth0")).isTrue();
        assertThat(onDevice.isAt("node1", "")).isFalse();
        assertThat(onDevice.isAt("node", "1/eth0")).isFalse();
        assertThat(onDevice.isAt("node1", "eth")).isFalse();
        Drop onHost = Drop.parse("no-route at node1");
        assertThat(onHost.isAt("node1", "")).isTrue();
        assertThat(onHost.isAt("node1", "eth0")).isFalse();
    }

    @Test
    void badTextSaysWhatWasExpected() {
        assertThatThrownBy(() -> Drop.parse("tun-queue-full")).hasMessage(
                "expected 'reason at place', like 'tun-queue-full at node1/flannel0', found 'tun-queue-full'");
        assertThatThrownBy(() -> Drop.parse("queue-full at node1")).hasMessage("unknown drop reason 'queue-full' in 'queue-full at node1'");
    }
}
