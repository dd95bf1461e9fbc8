package org.botkeeper.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.junit.jupiter.api.Test;

/**
 * {@code BOTKEEPER_FOOTPRINT_INTERVAL} and {@code BOTKEEPER_ACCESS_INTERVAL}: the duration grammar of every
 * setting, plus {@code off}.
 */
class BrokerSettingsTests {

	private static Optional<Duration> interval(String text) {
		return BrokerSettings.footprintInterval(Map.of("BOTKEEPER_FOOTPRINT_INTERVAL", text));
	}

	@Test
	void footprintIntervalShouldDefaultToAnHourAndTakeDurationsAndOff() {
		assertThat(BrokerSettings.footprintInterval(Map.of())).contains(Duration.ofHours(1));
		assertThat(interval(" ")).contains(Duration.ofHours(1));
		assertThat(interval("30m")).contains(Duration.ofMinutes(30));
		assertThat(interval("PT2H")).contains(Duration.ofHours(2));
		assertThat(interval("1s")).contains(Duration.ofSeconds(1));
		assertThat(interval("off")).isEmpty();
		assertThat(interval(" OFF ")).isEmpty();
	}

	@Test
	void footprintIntervalShouldRefuseWhatIsNoDurationOrBelowASecond() {
		assertThatThrownBy(() -> interval("hourly")).isInstanceOf(UserFacingException.class)
			.hasMessage("BOTKEEPER_FOOTPRINT_INTERVAL='hourly' is not a duration: write e.g. 30m, 1h or 1d, or off.");
		assertThatThrownBy(() -> interval("500ms")).isInstanceOf(UserFacingException.class)
			.hasMessage("BOTKEEPER_FOOTPRINT_INTERVAL must be at least 1s (or off), got '500ms'.");
		assertThatThrownBy(() -> interval("0")).isInstanceOf(UserFacingException.class)
			.hasMessageContaining("at least 1s");
	}

	@Test
	void serveShouldTakeTheFootprintIntervalAsAProperty() {
		Map<String, String> env = BrokerSettings.withProperties(Map.of("BOTKEEPER_FOOTPRINT_INTERVAL", "2h"),
				property -> property.equals("botkeeper.footprint.interval") ? "off" : null);

		assertThat(BrokerSettings.footprintInterval(env)).as("the argument wins over the variable").isEmpty();
	}


	@Test
	void theAccessIntervalShouldBeItsOwnSettingWithTheSameGrammar() {
		assertThat(BrokerSettings.accessInterval(Map.of("BOTKEEPER_FOOTPRINT_INTERVAL", "off"))).contains(Duration.ofHours(1));
		assertThat(BrokerSettings.accessInterval(Map.of("BOTKEEPER_ACCESS_INTERVAL", "15m"))).contains(Duration.ofMinutes(15));
		assertThatThrownBy(() -> BrokerSettings.accessInterval(Map.of("BOTKEEPER_ACCESS_INTERVAL", "500ms")))
			.hasMessage("BOTKEEPER_ACCESS_INTERVAL must be at least 1s (or off), got '500ms'.");
		Map<String, String> env = BrokerSettings.withProperties(Map.of(),
				property -> property.equals("botkeeper.access.interval") ? "off" : null);
		assertThat(BrokerSettings.accessInterval(env)).isEmpty();
	}

	@Test
	void theAuditFileShouldBeAnAbsolutePathOrUnset() {
		assertThat(BrokerSettings.auditFile(Map.of())).isEmpty();
		assertThat(BrokerSettings.auditFile(Map.of("BOTKEEPER_AUDIT_FILE", " /var/log/vault/audit.log ")))
			.contains(java.nio.file.Path.of("/var/log/vault/audit.log"));
		assertThatThrownBy(() -> BrokerSettings.auditFile(Map.of("BOTKEEPER_AUDIT_FILE", "audit.log")))
			.hasMessageContaining("BOTKEEPER_AUDIT_FILE (botkeeper.audit.file) is 'audit.log': give the absolute path");
	}

}
