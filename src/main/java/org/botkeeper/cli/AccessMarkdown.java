package org.botkeeper.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.vault.AccessReview;

/**
 * {@code access --format markdown}: the review as a Markdown table to paste into a team-compass page, one
 * row per asset and holder (the asset, the holder, the policy, the auth method, since when), under a line
 * that says when and against which Vault it was made, so the page says how old it is.
 */
final class AccessMarkdown {

	private AccessMarkdown() {
	}

	static void print(PrintWriter out, AccessReview.Result result, String vault, Instant at, List<String> notes) {
		out.println("Who can get the bot's credentials, as Vault at " + Markdown.text(vault) + " answered on "
				+ Output.time(at) + " (`botkeeper access --format markdown`).");
		out.println();
		Markdown.table(out, AccessDocument.COLUMNS, AccessDocument.rows(result).stream()
			.map(row -> row.stream().map(Markdown::text).toList())
			.toList());
		out.println();
		out.println("Since: when Vault created the holder, or by when it last changed it; \"—\" where Vault does not "
				+ "record it (roles and users of auth methods). Not listed: tokens created directly with a policy, "
				+ "which Vault cannot enumerate.");
		for (String note : notes) {
			out.println();
			out.println(Markdown.text(note));
		}
		out.flush();
	}

}
