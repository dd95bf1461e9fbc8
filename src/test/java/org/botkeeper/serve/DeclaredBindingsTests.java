package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's bindings file: valid at start-up, read again for each run, its last valid version kept. */
class DeclaredBindingsTests {

	private static final EnvironmentName ENVIRONMENT = new EnvironmentName("bot");

	private static final SecretName SECRET = new SecretName("BOT_PAT");

	@TempDir
	Path dir;

	@Test
	void anInvalidFileShouldStopStartUpNamingTheSettingAndTheLine() throws IOException {
		Path file = write("bindings:\n  - repository: org/a\n    colour: blue\n");

		assertThatThrownBy(() -> new DeclaredBindings(file, ENVIRONMENT, SECRET, Optional.empty()))
			.isInstanceOfSatisfying(UserFacingException.class,
					ex -> assertThat(ex.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
			.hasMessageStartingWith("botkeeper.config: " + file + ":3: ");
	}

	@Test
	void eachReadShouldSeeTheFileAsItIsNow() throws IOException {
		Path file = write("bindings:\n  - repository: org/a\n");
		DeclaredBindings declared = new DeclaredBindings(file, ENVIRONMENT, SECRET, Optional.empty());
		write("bindings:\n  - repository: org/b\n");

		DeclaredBindings.Reading reading = declared.read();

		assertThat(reading.problem()).isEmpty();
		assertThat(reading.file().declarationOf(RepositoryName.parse("org/b"))).isPresent();
		assertThat(reading.file().declarationOf(RepositoryName.parse("org/a"))).isEmpty();
	}

	@Test
	void aFileThatBecameInvalidShouldKeepItsLastValidVersionUntilCorrected() throws IOException {
		Path file = write("bindings:\n  - repository: org/a\n");
		DeclaredBindings declared = new DeclaredBindings(file, ENVIRONMENT, SECRET, Optional.empty());
		write("bindings:\n  - repository: org/b\n    destination: organisation\n");

		DeclaredBindings.Reading broken = declared.read();

		assertThat(broken.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith(file + ":3: "));
		assertThat(broken.file().declarationOf(RepositoryName.parse("org/a"))).as("the last valid file").isPresent();

		write("bindings:\n  - repository: org/c\n");
		DeclaredBindings.Reading corrected = declared.read();

		assertThat(corrected.problem()).isEmpty();
		assertThat(corrected.file().declarationOf(RepositoryName.parse("org/c"))).isPresent();
	}

	private Path write(String text) throws IOException {
		return Files.writeString(dir.resolve("botkeeper.yaml"), text);
	}

}
