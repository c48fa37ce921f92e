package dev.overlaysim.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations the way people read them, and simulated timestamps the way logs print them. */
class DurationsTest {

    @ParameterizedTest(name = "{0} ns is \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0             | 0",
            "1             | 1 ns",
            "200           | 200 ns",
            "999           | 999 ns",
            "1000          | 1 µs",
            "1500          | 1.5 µs",
            "850000        | 850 µs",
            "999999        | 999.999 µs",
            "1000000       | 1 ms",
            "1500000       | 1.5 ms",
            "1234567       | 1.235 ms",
            "1000000000    | 1 s",
            "1500000000    | 1.5 s",
            "86400000000000| 86400 s",
            "-200          | -200 ns",
            "-1500000      | -1.5 ms",
    })
    void format(long nanos, String expected) {
        assertThat(Durations.format(nanos)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ns is {1}")
    @CsvSource(delimiter = '|', value = {
            "0             | 0.000000000",
            "1             | 0.000000001",
            "1000012345    | 1.000012345",
            "3000000000    | 3.000000000",
            "86400123456789| 86400.123456789",
    })
    void timestamp(long nanos, String expected) {
        assertThat(Durations.timestamp(nanos)).isEqualTo(expected);
    }

    @Test
    void justUnderASecondRoundsUpToOneSecondNotToAThousandMilliseconds() {
        assertThat(Durations.format(999_999_999L)).isEqualTo("1 s");
        assertThat(Durations.format(999_999_500L)).isEqualTo("1 s");
        assertThat(Durations.format(999_999_499L)).isEqualTo("999.999 ms");
    }
}
