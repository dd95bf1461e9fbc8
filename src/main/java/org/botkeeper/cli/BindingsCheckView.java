package org.botkeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

import org.botkeeper.config.BindingsCheck;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.config.OrgSecretsCheck;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.VaultLayout;

/** Prints what {@code sync --config} found on stderr, for a person ({@link BindingsCheck#document()} is the JSON). */
final class BindingsCheckView {

	private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/:=-]+");

	private BindingsCheckView() {
	}

	/**
	 * The declarations of the bot of {@code layout} in the bindings file at {@code path}, missing environments
	 * and names taken from {@code env}'s defaults.
	 */
	static BindingsFile read(Path path, Map<String, String> env, VaultLayout layout) {
		TokenDefaults defaults = TokenDefaults.fromEnvironment(env);
		return BindingsFile.read(path, defaults.environment(), defaults.secretName()).forAccount(layout.account());
	}

	static void report(PrintWriter err, BindingsCheck check) {
		BindingsFile file = check.file();
		for (BindingsFile.Declaration missing : check.missing()) {
			err.println(missing.binding() + " is declared in " + file.where(missing) + team(missing.team())
					+ " but Vault has no token: " + tokenPut(missing.binding()));
		}
		for (BindingsCheck.Difference difference : check.differing()) {
			err.println(differing(file, difference.declared(), difference.inVault(), "not synced in this run"));
		}
		for (Binding undeclared : check.undeclared()) {
			err.println(undeclared(file, undeclared, "synced as usual"));
		}
		OrgSecretsCheck organisations = check.organisationSecrets();
		for (BindingsFile.OrgDeclaration missing : organisations.missing()) {
			err.println(missing.target() + " is declared in " + file.where(missing) + team(missing.team())
					+ " but Vault has no token: " + orgSecretPut(missing));
		}
		for (OrgSecretsCheck.Difference difference : organisations.differing()) {
			BindingsFile.OrgDeclaration declared = difference.declared();
			err.println(declared.target() + " is declared in " + file.where(declared) + " for " + names(declared.repositories())
					+ ", but its record in Vault gives it to " + names(difference.inVault()) + ": not synced in this run. "
					+ "Correct the file, or store the record again: " + orgSecretPut(declared) + " (with the same value).");
		}
		for (OrgSecretTarget undeclared : organisations.undeclared()) {
			err.println(undeclared(file, undeclared, "synced as usual"));
		}
	}

	private static String names(SortedSet<String> repositories) {
		return String.join(", ", repositories);
	}

	/** The command that stores an organisation secret as its declaration says. */
	private static String orgSecretPut(BindingsFile.OrgDeclaration declaration) {
		return "botkeeper org-secret put " + declaration.target().organisation() + " --secret-name "
				+ declaration.target().secretName() + " --repositories " + String.join(",", declaration.repositories());
	}

	/** A token bound elsewhere than its declaration: both bindings, what was not done, and how to make them agree. */
	static String differing(BindingsFile file, BindingsFile.Declaration declared, Binding inVault, String notDone) {
		return declared.binding().repository() + " is declared in " + file.where(declared) + " as " + declared.binding()
				+ ", but its token in Vault is bound to " + inVault + ": " + notDone + ". Correct the file, or rebind "
				+ "the token: " + tokenPut(declared.binding()) + " (with the same value).";
	}

	/** A token record (a binding's or an organisation secret's) the file does not declare, and what is done with it anyway. */
	static String undeclared(BindingsFile file, Object record, String doneAnyway) {
		return record + " has a token in Vault that " + file.path() + " does not declare: " + doneAnyway
				+ "; declare it to keep the file complete.";
	}

	private static String team(Optional<String> team) {
		return team.map(name -> " (team " + name + ")").orElse("");
	}

	/** The command that stores a token where the declaration says, every option spelled out. */
	private static String tokenPut(Binding binding) {
		StringBuilder command = new StringBuilder("botkeeper token put " + binding.repository());
		if (binding.inEnvironment()) {
			command.append(" --environment ").append(quoted(binding.environment().value()));
		}
		else {
			command.append(" --destination ").append(binding.kind().value());
		}
		return command.append(" --secret-name ").append(binding.secretName()).toString();
	}

	/** An environment name may hold spaces or quotes: single-quoted for a POSIX shell when it does. */
	private static String quoted(String text) {
		return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
	}

}
