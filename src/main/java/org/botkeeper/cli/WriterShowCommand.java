package org.botkeeper.cli;

import java.util.List;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.WriterStore.WriterInfo;
import org.botkeeper.vault.WriterStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper writer show}: kind and ids of the writer credential, never the key. */
@Command(name = "show", sortOptions = false,
		description = { "Shows the writer credential's kind and ids, never the key.",
				"Kind (app or pat), App and installation ids, version and",
				"time, read from metadata only: never the key or the token.", "", "Examples:",
				"  botkeeper writer show", "  botkeeper writer show --format json",
				"  botkeeper writer show --owner jupyterlab" })
final class WriterShowCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Option(names = "--owner", paramLabel = "OWNER", description = "Show the writer of this owner's repositories.")
	private String owner;

	@Override
	public void run() {
		String checkedOwner = owner == null ? null : owner(owner);
		VaultOptions.Session session = context.open();
		String policy = Policy.ADMIN.policyName();
		WriterStore store = checkedOwner == null ? new WriterStore(session.connection(), session.layout(), policy)
				: WriterStore.forOwner(session.connection(), session.layout(), policy, checkedOwner);
		WriterInfo writer = store.show()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No writer credential"
					+ (checkedOwner == null ? "" : " of " + checkedOwner) + " in Vault mount '" + session.layout().kvMount()
					+ "' yet. Store one with: botkeeper writer set --help"));
		RecordView view = new RecordView().field("kind", "kind", writer.kind())
			.field("app id", "app_id", writer.appId())
			.field("installation id", "installation_id", writer.installationId())
			.field("github api", writer.apiUrl() == null ? "the deployment's (GITHUB_API_URL)" : writer.apiUrl(), "api_url",
					writer.apiUrl())
			.field("version", "version", writer.version())
			.field("updated", "updated_time", Output.time(writer.updatedTime()));
		if (checkedOwner == null) {
			List<String> owners = WriterStore.owners(session.connection(), session.layout(), policy);
			view.field("own writers", owners.isEmpty() ? "none" : String.join(", ", owners), "owners_with_own_writer",
					owners);
		}
		view.print(context.out(), format);
	}

	/** {@code text} as an owner's name (lower case), or the reason it cannot be one. */
	static String owner(String text) {
		return new RepositoryName(text, "x").owner().toLowerCase(java.util.Locale.ROOT);
	}

}
