package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.vault.AppCeiling;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.Policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper writer ceiling show}: the App permission ceiling. */
@Command(name = "show", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Shows the permission ceiling of GitHub App bindings.", "", "Examples:",
				"  botkeeper writer ceiling show", "  botkeeper writer ceiling show --format json" })
final class WriterCeilingShowCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		AppCeiling ceiling = new AppCeilingStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).read()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No App permission ceiling in Vault "
					+ "mount '" + session.layout().kvMount() + "': no GitHub App binding is pushed. Set one with: "
					+ "botkeeper writer ceiling set --app-permissions NAME=LEVEL,..."));
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("app_permissions", ceiling.permissions());
			Output.json(spec.commandLine().getOut(), json);
			return;
		}
		Output.fields(spec.commandLine().getOut(), "app permissions", ceiling.text());
	}

}
