package org.botkeeper.cli;

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

}
