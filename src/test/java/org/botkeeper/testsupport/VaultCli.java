package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real command line against the test server with one token, through an environment map of
 * its own (VAULT_ADDR, VAULT_TOKEN, an empty HOME so no real ~/.vault-token is read); the process
 * environment is never touched.
 */
public final class VaultCli {

	private static final Path EMPTY_HOME = emptyHome();

	private final Map<String, String> env;

	private VaultCli(Map<String, String> env) {
		this.env = Map.copyOf(env);
	}

	/** Acts as {@code token} (a policy-bound token; root only for vault init). */
	public static VaultCli as(VaultFixture vault, String token) {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vault.server().address().toString());
		env.put("VAULT_TOKEN", token);
		env.put("HOME", EMPTY_HOME.toString());
		return new VaultCli(env);
	}

	/** The same, with one more (or a replaced) environment variable; null removes it. */
	public VaultCli with(String name, String value) {
		Map<String, String> copy = new HashMap<>(env);
		if (value == null) {
			copy.remove(name);
		}
		else {
			copy.put(name, value);
		}
		return new VaultCli(copy);
	}

	public CliRun run(String... args) {
		return withStdin("", args);
	}

	public CliRun withStdin(String stdin, String... args) {
		return CliRun.withEnv(env, stdin, args);
	}

	/** Runs as a person at a terminal typing {@code answers}, one per prompt or question. */
	public CliRun onTerminal(java.util.List<String> answers, String... args) {
		return CliRun.onTerminal(env, answers, args);
	}

	/** Runs with {@code stdin} piped in while stdout is a terminal. */
	public CliRun pipedToTerminal(String stdin, String... args) {
		return CliRun.pipedToTerminal(env, stdin, args);
	}

	private static Path emptyHome() {
		try {
			return Files.createTempDirectory("botkeeper-home-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
