package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.WriterStore.WriterInfo;
import org.botkeeper.vault.WriterStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper writer show}: kind and ids of the writer credential, never the key. */
@Command(name = "show", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Shows the writer credential's kind and ids, never the key.",
				"Kind (app or pat), App and installation ids, version and",
				"time, read from metadata only: never the key or the token.", "", "Examples:",
				"  botkeeper writer show", "  botkeeper writer show --format json" })
final class WriterShowCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		WriterInfo writer = new WriterStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).show()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No writer credential in Vault mount '"
					+ session.layout().kvMount() + "' yet. Store one with: botkeeper writer set --help"));
		String updated = Output.time(writer.updatedTime());
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("kind", writer.kind());
			json.put("app_id", writer.appId());
			json.put("installation_id", writer.installationId());
			json.put("version", writer.version());
			json.put("updated_time", updated);
			Output.json(spec.commandLine().getOut(), json);
			return;
		}
		Output.fields(spec.commandLine().getOut(), "kind", writer.kind(), "app id", writer.appId(), "installation id",
				writer.installationId(), "version", Long.toString(writer.version()), "updated", updated);
	}

}
