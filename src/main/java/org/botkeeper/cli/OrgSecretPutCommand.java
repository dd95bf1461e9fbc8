package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.OrgSecretStore;
import org.botkeeper.vault.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper org-secret put ORG --secret-name NAME --repositories a,b}: stores a new version. */
@Command(name = "put", sortOptions = false,
		description = { "Stores an organisation secret's token and its repositories as a new version.",
				"The value comes from a no-echo prompt or the first line of stdin, never from the command line, and",
				"must look like a GitHub token. The list of repositories is stored with the value (in the same",
				"version), and replaces the previous one: 'botkeeper sync' then gives the secret to exactly these",
				"repositories and sets the list back when it is changed on GitHub. A trailing '-' also means stdin.", "",
				"Examples:",
				"  botkeeper org-secret put jupyterhub --secret-name BOT_PAT --repositories binderhub,repo2docker",
				"  pass show bots/shared | botkeeper org-secret put jupyterhub --secret-name BOT_PAT --repositories a,b" })
final class OrgSecretPutCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Parameters(index = "0", paramLabel = "ORG", description = "The organisation the secret belongs to.")
	private String organisation;

	@Parameters(index = "1", arity = "0..1", paramLabel = StdinDash.LABEL, converter = StdinDash.Only.class,
			description = StdinDash.DESCRIPTION)
	private String stdin;

	@Option(names = "--secret-name", required = true, paramLabel = "NAME", description = "Name of the organisation secret.")
	private String name;

	@Option(names = "--repositories", required = true, paramLabel = "REPO[,REPO...]",
			description = "The repositories of ORG that get the secret (names without the owner), comma-separated.")
	private String repositories;

	@Override
	public void run() {
		OrgSecretTarget target = new OrgSecretTarget(organisation, new SecretName(name));
		SortedSet<String> selected = OrgSecretStore.parseRepositories(target, repositories);
		context.layout();
		try (SecretValue token = SecretValue.of(context.terminal().readSecret("Token for " + target))) {
			TokenKind kind = TokenPutCommand.kind(token);
			VaultOptions.Session session = context.open();
			long version = new OrgSecretStore(session.connection(), session.layout(), Policy.ADMIN.policyName())
				.put(target, token, selected);
			if (format.json()) {
				Map<String, Object> json = new LinkedHashMap<>();
				json.put("secret", target.toString());
				json.put("organisation", target.organisation());
				json.put("secret_name", target.secretName().value());
				json.put("repositories", selected);
				json.put("version", version);
				json.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
				Output.json(context.out(), json);
			}
			else {
				context.out().println("Stored " + kind.description() + " for " + target + " as version " + version + ", for "
						+ Output.count(selected.size(), "repository", "repositories") + ": " + String.join(", ", selected)
						+ ". Every workflow of these repositories can read it once 'botkeeper sync' has run.");
			}
		}
	}

}
