package org.botkeeper.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.TokenDefaults;

/**
 * The benchmarks' proof that a sync did its job: for every binding, the simulator decrypts exactly the
 * value Vault holds. A secret that is merely there proves nothing, since the simulator stores a box it
 * cannot open as "garbage", as GitHub does.
 */
final class BenchCheck {

	private BenchCheck() {
	}

	/** The bindings whose secret on {@code github} is missing or not {@code expected}'s value, with what is wrong. */
	static List<String> mismatches(GitHubSimulator github, TokenDefaults defaults, Map<RepositoryName, String> expected) {
		List<String> wrong = new ArrayList<>();
		expected.forEach((repository, value) -> {
			var repo = github.state().repository(repository.toString());
			SimEnvironment environment = repo == null ? null : repo.environment(defaults.environment().value());
			SimSecret secret = environment == null ? null : environment.secret(defaults.secretName().value());
			if (secret == null) {
				wrong.add(repository + ": no secret");
			}
			else if (!MessageDigest.isEqual(secret.plaintext(), value.getBytes(StandardCharsets.UTF_8))) {
				wrong.add(repository + ": another value (" + secret.plaintext().length + " bytes)");
			}
		});
		return wrong;
	}

	/** Prints the check's line (the first few mismatches named); true when every binding holds its value. */
	static boolean report(PrintStream out, GitHubSimulator github, TokenDefaults defaults,
			Map<RepositoryName, String> expected) {
		List<String> wrong = mismatches(github, defaults, expected);
		if (wrong.isEmpty()) {
			out.printf(Locale.ROOT, "check: all %d bindings hold Vault's value on the simulator%n", expected.size());
			return true;
		}
		out.printf(Locale.ROOT, "check FAILED: %d of %d bindings do not hold Vault's value on the simulator, e.g. %s%n",
				wrong.size(), expected.size(), String.join("; ", wrong.subList(0, Math.min(5, wrong.size()))));
		return false;
	}

}
