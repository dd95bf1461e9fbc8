package org.botkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.TokenDefaults;
import org.junit.jupiter.api.Test;

class BenchCheckTests {

	private final TokenDefaults defaults = TokenDefaults.fromEnvironment(Map.of());

	@Test
	void aSecretHoldingAnotherValueShouldBeAMismatchNotASync() {
		try (GitHubSimulator github = GitHubSimulator.start(SimulatorOptions.defaults())) {
			Map<RepositoryName, String> expected = new LinkedHashMap<>();
			RepositoryName good = binding(github, "good", expected, "github_pat_GOOD");
			RepositoryName garbage = binding(github, "garbage", expected, "github_pat_GARBAGE");
			RepositoryName missing = binding(github, "missing", expected, "github_pat_MISSING");
			put(github, good, "github_pat_GOOD");
			// What the simulator stores for a box it cannot open, as GitHub does.
			put(github, garbage, "garbage");

			assertThat(BenchCheck.mismatches(github, defaults, expected)).containsExactly(
					garbage + ": another value (7 bytes)", missing + ": no secret");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(BenchCheck.report(new PrintStream(out, true, StandardCharsets.UTF_8), github, defaults, expected))
				.isFalse();
			assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("check FAILED: 2 of 3 bindings")
				.doesNotContain("github_pat_");

			put(github, garbage, "github_pat_GARBAGE");
			put(github, missing, "github_pat_MISSING");
			assertThat(BenchCheck.mismatches(github, defaults, expected)).isEmpty();
		}
	}

	private RepositoryName binding(GitHubSimulator github, String name, Map<RepositoryName, String> expected, String value) {
		RepositoryName repository = RepositoryName.parse("bench-org/" + name);
		github.state().addRepository(repository.toString());
		github.state().addEnvironment(repository.toString(), defaults.environment().value());
		expected.put(repository, value);
		return repository;
	}

	private void put(GitHubSimulator github, RepositoryName repository, String value) {
		github.state().repository(repository.toString()).environment(defaults.environment().value())
			.putOutOfBand(defaults.secretName().value(), value, Instant.now());
	}

}
