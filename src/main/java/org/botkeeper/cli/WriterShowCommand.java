package org.botkeeper.cli;

import org.botkeeper.vault.Policy;
import org.botkeeper.vault.WriterStore.WriterInfo;
import org.botkeeper.vault.WriterStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper writer show}: kind and ids of the writer credential, never the key. */
@Command(name = "show", sortOptions = false,
		description = { "Shows the writer credential's kind and ids, never the key.",
				"Kind (app or pat), App and installation ids, version and",
				"time, read from metadata only: never the key or the token.", "", "Examples:",
				"  botkeeper writer show", "  botkeeper writer show --format json" })
final class WriterShowCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		WriterInfo writer = new WriterStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).show()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No writer credential in Vault mount '"
					+ session.layout().kvMount() + "' yet. Store one with: botkeeper writer set --help"));
		new RecordView().field("kind", "kind", writer.kind())
			.field("app id", "app_id", writer.appId())
			.field("installation id", "installation_id", writer.installationId())
			.field("version", "version", writer.version())
			.field("updated", "updated_time", Output.time(writer.updatedTime()))
			.print(context.out(), format);
	}

}
