package org.botkeeper.cli;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code botkeeper token show OWNER/REPO}: one record's metadata, never the value. */
@Command(name = "show", sortOptions = false,
		description = { "Shows one repository's token record, never the value.",
				"Binding (as shown to those who cannot read values: a display copy), where the broker last",
				"pushed it (its ledger), version, expiry, note, when.",
				"Never the value.", "", "Examples:", "  botkeeper token show jupyterhub/binderhub",
				"  botkeeper token show jupyterhub/binderhub --format json" })
final class TokenShowCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Parameters(index = "0", paramLabel = "OWNER/REPO")
	private String repository;

	@Override
	public void run() {
		RepositoryName repo = RepositoryName.parse(repository);
		VaultOptions.Session session = context.open();
		TokenRecord record = new TokenStore(session.connection(), session.layout(), session.defaults(),
				Policy.ADMIN.policyName()).record(repo)
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No token for " + repo
					+ " in Vault mount '" + session.layout().kvMount() + "'. Add one with: botkeeper token put " + repo));
		if (format.json()) {
			Output.json(context.out(), TokenJson.json(record));
			return;
		}
		String pushed = session.ledger(repo)
			.filter(entry -> entry.pushedVersion() > 0)
			.map(entry -> entry.binding() + " (version " + entry.pushedVersion() + ")")
			.orElse(null);
		Output.fields(context.out(), "binding", record.binding() + " (display copy: editable metadata)",
				"pushed to", pushed, "version", Long.toString(record.version()), "expires",
				record.expiresAt() == null ? null : record.expiresAt().toString(), "note", record.note(), "updated",
				Output.time(record.updatedTime()), "layout",
				record.layout() == TokenRecord.Layout.CURRENT ? "current: binding written with the value"
						: "old: binding in editable metadata; rewrite with 'botkeeper token put " + repo + "'");
	}

}
