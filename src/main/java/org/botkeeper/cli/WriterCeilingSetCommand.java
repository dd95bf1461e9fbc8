package org.botkeeper.cli;

import java.util.Map;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AppCeiling;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.AppSource;
import org.botkeeper.vault.Policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper writer ceiling set}: stores the App permission ceiling. */
@Command(name = "set", sortOptions = false,
		description = { "Sets the permission ceiling of GitHub App bindings.",
				"Each permission a binding asks for must be in the ceiling at the same level or lower",
				"(read < write < admin); a binding that names none gets exactly the ceiling's.", "", "Examples:",
				"  botkeeper writer ceiling set --app-permissions contents=write,pull_requests=write",
				"  botkeeper writer ceiling set --app-permissions contents=read" })
final class WriterCeilingSetCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--app-permissions", required = true, paramLabel = "NAME=LEVEL[,...]",
			description = "The most a minted token may carry, e.g. contents=write,pull_requests=write.")
	private String permissions;

	@Override
	public void run() {
		Map<String, String> parsed = AppSource.permissions(permissions);
		if (parsed.isEmpty()) {
			throw UserFacingException.badInput("--app-permissions names no permission: give at least one, e.g. "
					+ "contents=read. Nothing was stored.");
		}
		AppCeiling ceiling = new AppCeiling(parsed);
		VaultOptions.Session session = context.open();
		long version = new AppCeilingStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).set(ceiling);
		context.out().println("Stored the App permission ceiling " + ceiling.text() + " as version "
				+ version + ".");
	}

}
