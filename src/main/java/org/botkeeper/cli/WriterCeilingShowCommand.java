package org.botkeeper.cli;

import org.botkeeper.vault.AppCeiling;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.Policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper writer ceiling show}: the App permission ceiling. */
@Command(name = "show", sortOptions = false,
		description = { "Shows the permission ceiling of GitHub App bindings.", "", "Examples:",
				"  botkeeper writer ceiling show", "  botkeeper writer ceiling show --format json" })
final class WriterCeilingShowCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		AppCeiling ceiling = new AppCeilingStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).read()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No App permission ceiling in Vault "
					+ "mount '" + session.layout().kvMount() + "': no GitHub App binding is pushed. Set one with: "
					+ "botkeeper writer ceiling set --app-permissions NAME=LEVEL,..."));
		new RecordView().field("app permissions", ceiling.text(), "app_permissions", ceiling.permissions())
			.print(context.out(), format);
	}

}
