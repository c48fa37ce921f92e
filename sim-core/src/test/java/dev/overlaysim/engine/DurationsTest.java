package dev.overlaysim.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durations the way people read them, simulated timestamps the way logs print them, and durations as scenarios write them. */
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

    // ---- as scenarios and the command line write them ----

    @ParameterizedTest
    @CsvSource({"0, 0", "300ns, 300", "10us, 10000", "1.5ms, 1500000", "2s, 2000000000",
            "0.000000001s, 1", "9223372036854775807ns, 9223372036854775807"})
    void parsesScenarioDurationsExactly(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10 | duration '10' has no unit; expected one of: ns, us, ms, s (like 10ms)",
            "-1s | expected a duration of zero or more, found '-1s'",
            "1.5ns | duration '1.5ns' is not a whole number of nanoseconds",
            "10m | unknown unit 'm' in duration '10m'; expected one of: ns, us, ms, s",
            "9223372036854775808ns | duration '9223372036854775808ns' is too long; the limit is 9223372036854775807ns",
            "1 s | expected a duration like 10us (units: ns, us, ms, s), found '1 s'"})
    void refusesBadScenarioDurations(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessage(message);
    }

    @Test
    void formatsScenarioDurationsWithTheLargestExactUnit() {
        assertThat(Durations.formatExact(1_500_000)).isEqualTo("1500us");
        assertThat(Durations.formatExact(2_000_000_000)).isEqualTo("2s");
        assertThat(Durations.formatExact(0)).isEqualTo("0s");
    }
}
