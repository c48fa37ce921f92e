package dev.overlaysim.linux.proc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ping's numbers printed as iputils 20221126 prints them. The round trips with two decimals are
 * from the real ping on this project's machine (`ping -c 3 -s 65000` through the UDP backend's
 * forwarders in the twin's lab printed `time=1.96 ms`, `time=2.19 ms`, `time=1.55 ms` and `rtt
 * min/avg/max/mdev = 1.554/1.903/2.194/0.264 ms`).
 */
class PingFormatTest {
    @Test
    void aRoundTripHasFewerDecimalsAsItGrows() {
        assertEquals("0.064 ms", Ping.tripTime(64));
        assertEquals("0.999 ms", Ping.tripTime(999));
        assertEquals("1.00 ms", Ping.tripTime(1000));
        assertEquals("2.19 ms", Ping.tripTime(2194));
        assertEquals("1.55 ms", Ping.tripTime(1554));
        assertEquals("5.22 ms", Ping.tripTime(5216));
        assertEquals("10.0 ms", Ping.tripTime(9995));
        assertEquals("15.0 ms", Ping.tripTime(15049));
        assertEquals("99.9 ms", Ping.tripTime(99949));
        assertEquals("100 ms", Ping.tripTime(99950));
        assertEquals("1234 ms", Ping.tripTime(1_234_499));
    }

    @Test
    void lossIsPrintedWithCsPercentG() {
        assertEquals("0", Ping.percentG(0f));
        assertEquals("50", Ping.percentG(50f));
        assertEquals("100", Ping.percentG(100f));
        assertEquals("33.3333", Ping.percentG((float) (1 * 100.0 / 3)));
        assertEquals("66.6667", Ping.percentG((float) (2 * 100.0 / 3)));
        assertEquals("14.2857", Ping.percentG((float) (1 * 100.0 / 7)));
        assertEquals("0.1", Ping.percentG((float) (1 * 100.0 / 1000)));
        assertEquals("0.0001", Ping.percentG((float) (1 * 100.0 / 1_000_000)));
        assertEquals("1e-05", Ping.percentG((float) (1 * 100.0 / 10_000_000)));
    }
}
