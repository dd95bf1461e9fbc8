package org.botkeeper.cli;

import java.time.Clock;
import java.util.Map;

import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;
import org.botkeeper.github.GitHubObserver;
import org.botkeeper.vault.VaultLayout;

import picocli.CommandLine.Mixin;

/**
 * The {@link CommandContext} of a command that talks to Vault: its mount options come with it, so such a
 * command declares one mixin ({@code @Mixin VaultContext context}) and opens its session from it.
 */
class VaultContext extends CommandContext {

	/** Set here so that a context made for {@link ShortCommands} has its (default) mounts; picocli fills this same one. */
	@Mixin
	VaultOptions vault = new VaultOptions();

	/** The connection, with this command's mounts and the environment's settings; bad input exits 2 before any request. */
	VaultOptions.Session open() {
		return vault.open(env());
	}

	/**
	 * The mounts alone, validated: a command that reads a secret from stdin calls this first, so a bad
	 * mount exits 2 before anyone types the secret.
	 */
	VaultLayout layout() {
		return vault.layout(env());
	}


	/**
	 * The settings sync and status share with serve (see {@link BrokerSettings}: GitHub at
	 * {@code GITHUB_API_URL}, writes paced by {@code BOTKEEPER_WRITE_GAP}, default 1s); mounts from options when given.
	 */
	BrokerSettings settings(Map<String, String> env) {
		return BrokerSettings.fromEnvironment(env, vault.kvMount, vault.totpMount, vault.account);
	}

	BrokerAssembly assemble(Map<String, String> env) {
		return assemble(env, GitHubObserver.NONE);
	}

	/** The same, telling {@code observer} of GitHub's answers and rate-limit waits ({@code sync}'s {@link RateLimitNotice}). */
	BrokerAssembly assemble(Map<String, String> env, GitHubObserver observer) {
		BrokerSettings settings = settings(env);
		VaultOptions.Session session = vault.open(env);
		return new BrokerAssembly(session.connection(), settings, Clock.systemUTC(), observer);
	}

}
