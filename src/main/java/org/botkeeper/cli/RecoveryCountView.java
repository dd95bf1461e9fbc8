package org.botkeeper.cli;

import java.util.Optional;

import org.botkeeper.vault.RecoveryCodeStore;

/**
 * How many 2FA recovery codes are left, one way for every output that shows it ({@code account show},
 * {@code account recovery count}): from the metadata of {@code account-recovery}, which admins and
 * break-glass may read, plus codes an earlier botkeeper left in the account record.
 */
record RecoveryCountView(Visibility visibility, RecoveryCodeStore.Count count, int oldLayout) {

	enum Visibility {
		/** counted in the metadata of account-recovery */
		STORED,
		/** account-recovery was never written */
		NONE,
		/** this token may not read account-recovery's metadata (auditors, the broker, maintainers) */
		HIDDEN
	}

	static RecoveryCountView read(RecoveryCodeStore store, int oldLayout) {
		try {
			Optional<RecoveryCodeStore.Count> count = store.count();
			return new RecoveryCountView(count.isPresent() ? Visibility.STORED : Visibility.NONE, count.orElse(null),
					oldLayout);
		}
		catch (org.botkeeper.vault.VaultPermissionException ex) {
			return new RecoveryCountView(Visibility.HIDDEN, null, oldLayout);
		}
	}

	/** For a table cell: "14 of 16 left". */
	String text() {
		return switch (visibility) {
			case STORED -> count.unused() < 0 ? "unknown (no count in the metadata of 'account-recovery')"
					: count.unused() + " of " + count.total() + " left";
			case NONE -> oldLayout > 0 ? oldLayout + " in the account record (old layout)" : "none stored";
			case HIDDEN -> "not shown to this token (admins and break-glass see the count)";
		};
	}

	/** A line for stderr when the count needs a word of caution; null when it does not. */
	String note() {
		StringBuilder note = new StringBuilder();
		if (visibility == Visibility.STORED && count.stale()) {
			note.append("The count was written for version ").append(count.countedVersion())
				.append(" of 'account-recovery', which is now at version ").append(count.currentVersion())
				.append(": it may be off (a display problem only; 'account recovery use' reads the codes themselves).");
		}
		if (oldLayout > 0) {
			note.append(note.isEmpty() ? "" : "\n").append(oldLayout).append(" recovery codes are still in the account "
					+ "record, where every admin can read them. A break-glass holder should move them: botkeeper "
					+ "account recovery migrate");
		}
		return note.isEmpty() ? null : note.toString();
	}

	/**
	 * Adds the count to {@code view}: {@link #text()} in the table; in the JSON {@code recovery_codes} is the
	 * number left, null when unknown or not visible.
	 */
	RecordView addTo(RecordView view) {
		boolean counted = visibility == Visibility.STORED && count.unused() >= 0;
		// Integer, not int: a conditional mixing int and Integer unboxes, and null would throw
		Integer left = counted ? Integer.valueOf(count.unused()) : visibility == Visibility.NONE ? Integer.valueOf(0) : null;
		return view.field("recovery codes", text(), "recovery_codes", left)
			.json("recovery_codes_total", counted ? Integer.valueOf(count.total()) : null)
			.json("recovery_codes_visible", visibility != Visibility.HIDDEN)
			.json("recovery_codes_count_stale", visibility == Visibility.STORED && count.stale())
			.json("recovery_codes_in_account_record", oldLayout);
	}

}
