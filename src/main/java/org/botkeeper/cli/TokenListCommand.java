package org.botkeeper.cli;

import java.util.List;

import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper token list}: every token record, metadata only. */
@Command(name = "list", sortOptions = false,
		description = { "Lists every token record: binding, version, expiry, last change. Never a value.", "",
				"Examples:", "  botkeeper token list", "  botkeeper token list --format json | jq -r '.[].binding'" })
final class TokenListCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		TokenStore.Listing listing = new TokenStore(session.connection(), session.layout(), session.defaults(),
				Policy.ADMIN.policyName()).records();
		List<TokenRecord> records = listing.records();
		if (listing.hidden() > 0) {
			context.err().println(Output.count(listing.hidden(), "more token record exists", "more token "
					+ "records exist") + " that your policy does not let you read.");
		}
		new ListView<TokenRecord>(TokenJson.HEADERS, TokenJson::row, TokenJson::json, "No tokens in Vault mount '"
				+ session.layout().kvMount() + "' yet. Add one with: botkeeper token put OWNER/REPO")
			.print(context, table, records);
	}

}
