package org.botkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;

/**
 * The CLI and the broker read durations without Spring, {@code serve}'s properties with Spring Boot:
 * both must read the same text the same way.
 */
class DurationsTests {

	@ParameterizedTest
	@ValueSource(strings = { "500ms", "1s", "5m", "1h", "30d", "250", "0s", "-1s", "+2m", "10us", "7ns", "1S", "2H",
			"PT1M", "PT0.5S", "P1D", "pt10s", " 15m " })
	void shouldReadEveryDurationAsSpringBootDoes(String text) {
		assertThat(Durations.parse(text)).isEqualTo(DurationStyle.detectAndParse(text.strip()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "5 minutes", "1w", "1.5s", "s", "PT", "99999999999999999999s",
			"9223372036854775807d" })
	void shouldRefuseWhatIsNoDurationAndNameTheText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
			.withMessageContaining("'" + text + "' is not a duration");
	}

}
