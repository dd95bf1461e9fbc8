package org.botkeeper.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.OrgSecretStore;
import org.botkeeper.vault.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper org-secret list}: the records, from metadata (never a value). */
@Command(name = "list", sortOptions = false,
		description = { "Lists the organisation secrets in Vault and their repositories (never a value).", "",
				"Examples:", "  botkeeper org-secret list", "  botkeeper org-secret list --json" })
final class OrgSecretListCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		context.layout();
		VaultOptions.Session session = context.open();
		List<OrgSecretStore.Shown> records = new OrgSecretStore(session.connection(), session.layout(),
				Policy.ADMIN.policyName()).records();
		if (format.json()) {
			Output.json(context.out(), records.stream().map(record -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("secret", record.target().toString());
				row.put("organisation", record.target().organisation());
				row.put("secret_name", record.target().secretName().value());
				row.put("version", record.version());
				row.put("repositories", record.repositories());
				row.put("written_by", record.writtenBy());
				return row;
			}).toList());
			return;
		}
		if (records.isEmpty()) {
			context.err().println("No organisation secrets in Vault mount '" + session.layout().kvMount()
					+ "'. Add one with 'botkeeper org-secret put ORG --secret-name NAME --repositories a,b'.");
			return;
		}
		Output.table(context.out(), List.of("SECRET", "VERSION", "REPOSITORIES", "WRITTEN BY"), records.stream()
			.map(record -> Arrays.asList(record.target().toString(), String.valueOf(record.version()),
					String.join(", ", record.repositories()), record.writtenBy()))
			.toList());
	}

}
