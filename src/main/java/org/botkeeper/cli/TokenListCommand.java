package org.botkeeper.cli;

import java.util.List;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper token list}: every token record, metadata only. */
@Command(name = "list", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Lists every token record: binding, version, expiry, last change. Never a value.", "",
				"Examples:", "  botkeeper token list", "  botkeeper token list --format json | jq -r '.[].binding'" })
final class TokenListCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Mixin
	private TableOptions table;

	@Override
	public void run() {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		TokenStore.Listing listing = new TokenStore(session.connection(), session.layout(), session.defaults(),
				Policy.ADMIN.policyName()).records();
		List<TokenRecord> records = listing.records();
		if (listing.hidden() > 0) {
			spec.commandLine().getErr().println(Output.count(listing.hidden(), "more token record exists", "more token "
					+ "records exist") + " that your policy does not let you read.");
		}
		if (format.json()) {
			Output.json(spec.commandLine().getOut(), records.stream().map(TokenJson::json).toList());
			return;
		}
		if (records.isEmpty()) {
			spec.commandLine().getErr().println("No tokens in Vault mount '" + session.layout().kvMount()
					+ "' yet. Add one with: botkeeper token put OWNER/REPO");
			return;
		}
		table.table(spec.commandLine().getOut(), TokenJson.HEADERS,
				records.stream().map(record -> TokenJson.row(record, table)).toList());
	}

}
