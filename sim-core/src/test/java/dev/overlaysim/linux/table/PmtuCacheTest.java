package dev.overlaysim.linux.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PmtuCache}: __ip_rt_update_pmtu's rules and the 600-second life of a learned MTU. */
class PmtuCacheTest {
    static final int DST = 0x0a011003; // 10.1.16.3
    static final long S = 1_000_000_000L;

    @Test
    void aReportLowersThePathMtuForThatDestinationOnly() {
        PmtuCache c = new PmtuCache();
        assertThat(c.mtu(DST, 1500, 0)).isEqualTo(1500);
        assertThat(c.update(DST, 1450, 1500, 1 * S)).isTrue();
        assertThat(c.mtu(DST, 1500, 2 * S)).isEqualTo(1450);
        assertThat(c.mtu(DST + 1, 1500, 2 * S)).isEqualTo(1500);
        assertThat(c.valid(DST, 2 * S).expires()).isEqualTo(1 * S + PmtuCache.MTU_EXPIRES);
        assertThat(c.valid(DST, 2 * S).locked()).isFalse();
    }

    @Test
    void aHigherReportChangesNothing() {
        PmtuCache c = new PmtuCache();
        c.update(DST, 1400, 1500, 0);
        assertThat(c.update(DST, 1450, 1500, S)).isFalse();
        assertThat(c.mtu(DST, 1500, S)).isEqualTo(1400);
        // nor can a report raise the path above the device's own MTU
        assertThat(c.update(DST + 1, 9000, 1500, S)).isFalse();
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void theDevicesMtuStillBoundsALearnedOne() {
        PmtuCache c = new PmtuCache();
        c.update(DST, 1450, 1500, 0);
        assertThat(c.mtu(DST, 1300, S)).isEqualTo(1300);
    }

    @Test
    void aReportBelowMinPmtuBecomes552AndLocks() {
        PmtuCache c = new PmtuCache();
        assertThat(c.update(DST, 300, 1500, 0)).isTrue();
        assertThat(c.mtu(DST, 1500, S)).isEqualTo(PmtuCache.MIN_PMTU);
        assertThat(c.valid(DST, S).locked()).isTrue();
    }

    @Test
    void theSameReportRefreshesOnlyInTheSecondHalfOfItsLife() {
        PmtuCache c = new PmtuCache();
        c.update(DST, 1450, 1500, 0);
        assertThat(c.update(DST, 1450, 1500, 100 * S)).isFalse();
        assertThat(c.valid(DST, 100 * S).expires()).isEqualTo(PmtuCache.MTU_EXPIRES);
        assertThat(c.update(DST, 1450, 1500, 400 * S)).isTrue();
        assertThat(c.valid(DST, 400 * S).expires()).isEqualTo(400 * S + PmtuCache.MTU_EXPIRES);
    }

    @Test
    void aLearnedMtuExpiresAfterTenMinutes() {
        PmtuCache c = new PmtuCache();
        c.update(DST, 1450, 1500, 0);
        assertThat(c.mtu(DST, 1500, PmtuCache.MTU_EXPIRES - 1)).isEqualTo(1450);
        assertThat(c.mtu(DST, 1500, PmtuCache.MTU_EXPIRES)).isEqualTo(1500);
        assertThat(c.valid(DST, PmtuCache.MTU_EXPIRES)).isNull();
        assertThat(c.size()).isZero();
    }
}
