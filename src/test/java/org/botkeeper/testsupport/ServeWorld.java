package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;

/**
 * What a serve integration test sets up around {@link RunningServe}, as an operator would through the real
 * CLI: a Vault of its own initialised with the writer, bound tokens, the broker's Vault token; and what
 * serve left on the simulated GitHub.
 */
public final class ServeWorld {

	private ServeWorld() {
	}

	/** {@code vault init}, then {@code writer set --pat} with {@code writer}, as root. */
	public static void initialise(DedicatedVault vault, String writer) {
		check(CliRun.withEnv(vault.rootEnv(), "", "vault", "init"));
		check(CliRun.withEnv(vault.rootEnv(), writer + "\n", "writer", "set", "--pat"));
	}

	/** A Vault token with the broker's policy, planted as a canary: what serve logs in with. */
	public static String brokerToken(DedicatedVault vault) {
		String token = field(vault.send("POST", "auth/token/create", "{\"policies\":[\"botkeeper-broker\"]}", Map.of()),
				"client_token");
		LeakCanaries.plant(token);
		return token;
	}

	/** Fails the test unless the CLI run exited 0. */
	public static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	/** The string field {@code name} of a JSON answer (Vault's); fails the test when there is none. */
	public static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("field %s", name).isTrue();
		return matcher.group(1);
	}

	/** The value serve pushed to {@code repo}'s environment secret, decrypted; null while there is none. */
	public static String pushed(GitHubSimulator github, String repo, String environment, String secret) {
		SimEnvironment simulated = github.state().repository(repo).environment(environment);
		SimSecret pushed = simulated == null ? null : simulated.secret(secret);
		return pushed == null ? null : new String(pushed.plaintext(), StandardCharsets.UTF_8);
	}

}
