package org.botkeeper.cli;

import java.util.Optional;

import org.botkeeper.vault.AccountStore;
import org.botkeeper.vault.RecoveryCodeStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper account recovery count}: how many recovery codes are left, never a code. */
@Command(name = "count", sortOptions = false,
		description = { "Shows how many 2FA recovery codes are left (admins and break-glass), never a code.",
				"The count is kept in the metadata of 'account-recovery', which only break-glass writes.", "",
				"Examples:", "  botkeeper account recovery count", "  botkeeper account recovery count --format json" })
final class AccountRecoveryCountCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		int oldLayout = oldLayoutCodes(session);
		RecoveryCountView view = RecoveryCountView
			.read(new RecoveryCodeStore(session.connection(), session.layout()), oldLayout);
		if (view.visibility() == RecoveryCountView.Visibility.HIDDEN) {
			// Not a display choice here: the one thing this command shows is what the token may not see.
			throw new org.botkeeper.vault.VaultPermissionException("Cannot read 'account-recovery' "
					+ "(metadata) from Vault mount '" + session.layout().kvMount() + "': 403 permission denied.\n  Check "
					+ "that your token has policy 'botkeeper-admin' or 'botkeeper-breakglass' (vault token lookup).", null);
		}
		RecoveryCodeStore.Count count = view.count();
		view.addTo(new RecordView())
			.field("version", "version", count == null ? null : count.currentVersion())
			.field("updated", "updated_time", count == null ? null : Output.time(count.updatedTime()))
			.print(context.out(), format);
		Optional.ofNullable(view.note()).ifPresent(context.err()::println);
	}

	/** Codes an earlier botkeeper left in the account record; 0 when there are none or this token may not look. */
	private static int oldLayoutCodes(VaultOptions.Session session) {
		try {
			return new AccountStore(session.connection(), session.layout()).show()
				.map(AccountStore.AccountInfo::oldLayoutRecoveryCodes)
				.orElse(0);
		}
		catch (org.botkeeper.vault.VaultPermissionException ex) {
			return 0;
		}
	}

}
