package org.botkeeper.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.RepositoryName;
import org.junit.jupiter.api.Test;

/** The reminder settings as the CLI and serve read them: defaults, and bad input refused with exit 2. */
class ReminderSettingsTests {

	@Test
	void unsetShouldMeanNoRepositoryAndThirtyFourteenThree() {
		BrokerSettings.Reminders reminders = BrokerSettings.reminders(Map.of());

		assertThat(reminders.repository()).isEmpty();
		assertThat(reminders.days()).containsExactly(30, 14, 3);
	}

	@Test
	void setShouldBeReadAsGiven() {
		BrokerSettings.Reminders reminders = BrokerSettings.reminders(Map.of("BOTKEEPER_REMINDER_REPOSITORY",
				" jupyterhub/team-compass ", "BOTKEEPER_REMINDER_DAYS", "21, 7,1"));

		assertThat(reminders.repository()).isEqualTo(Optional.of(RepositoryName.parse("jupyterhub/team-compass")));
		assertThat(reminders.days()).isEqualTo(List.of(21, 7, 1));
	}

	@Test
	void badValuesShouldExitTwoNamingTheVariable() {
		assertThatThrownBy(() -> BrokerSettings.reminders(Map.of("BOTKEEPER_REMINDER_DAYS", "30,two")))
			.isInstanceOfSatisfying(UserFacingException.class,
					ex -> assertThat(ex.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
			.hasMessageContaining("BOTKEEPER_REMINDER_DAYS")
			.hasMessageContaining("30,14,3");
		assertThatThrownBy(() -> BrokerSettings.reminders(Map.of("BOTKEEPER_REMINDER_DAYS", "0")))
			.hasMessageContaining("between 1 and 366");
		assertThatThrownBy(() -> BrokerSettings.reminders(Map.of("BOTKEEPER_REMINDER_REPOSITORY", "no-slash")))
			.isInstanceOf(UserFacingException.class)
			.hasMessageStartingWith("BOTKEEPER_REMINDER_REPOSITORY: ");
	}

}
