package org.botkeeper.cli;

import java.util.Optional;

import org.botkeeper.vault.AccountStore.AccountInfo;
import org.botkeeper.vault.AccountStore;
import org.botkeeper.vault.RecoveryCodeStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper account show}: the login and bookkeeping, never the password. */
@Command(name = "show", sortOptions = false,
		description = { "Shows the bot's login, never the password.",
				"Shows the bot's login, the version and time of the last change and, to admins and break-glass,",
				"how many 2FA recovery codes are left. Never the password (see 'botkeeper account password').", "",
				"Examples:", "  botkeeper account show", "  botkeeper account show --format json" })
final class AccountShowCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		AccountInfo account = new AccountStore(session.connection(), session.layout()).show()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No bot account in Vault mount '"
					+ session.layout().kvMount() + "' yet. Store it with: botkeeper account set --login NAME"));
		RecoveryCountView recovery = RecoveryCountView.read(new RecoveryCodeStore(session.connection(), session.layout()),
				account.oldLayoutRecoveryCodes());
		recovery.addTo(new RecordView().field("login", "login", account.login()))
			.field("version", "version", account.version())
			.field("updated", "updated_time", Output.time(account.updatedTime()))
			.print(context.out(), format);
		if (!format.json()) {
			Optional.ofNullable(recovery.note()).ifPresent(context.err()::println);
		}
	}

}
