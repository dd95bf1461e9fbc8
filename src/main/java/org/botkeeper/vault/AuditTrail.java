package org.botkeeper.vault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.vault.AuditEntry.Kind;
import org.botkeeper.vault.AuditEntry.Outcome;

/**
 * Who did what to botkeeper's assets, read from Vault's audit log (see {@link AuditEntry}): the bot's
 * password and recovery codes, 2FA codes and the seed, the writer credentials, the bot's own token, each
 * repository's token and its metadata (where it is shown to be pushed), and botkeeper's or anyone's ACL
 * policies, and the audit devices themselves. The assets are found by the paths of this {@link VaultLayout}'s mounts.
 *
 * <p>A request and its response are one event (the response, which carries the outcome, wins). Reads of
 * metadata and of policies are left out (every {@code token list} reads each token's metadata); writes
 * and deletes of them are kept, and so is every denied request in botkeeper's two mounts or on a policy,
 * whatever its path. Reading the password or the recovery codes, or being denied either, is an alert; so is
 * disabling an audit device, after which such reads go unrecorded (the request is still logged: Vault
 * writes it to every device before it acts).
 */
public final class AuditTrail {

	/** One thing done to an asset. */
	public record Event(AuditEntry entry, String asset, String action, boolean alert) {
	}

	/** What a log held: the events in the order of the asset, then of time, and how many lines were not entries. */
	public record Result(List<Event> events, long notEntries) {

		public Result {
			events = List.copyOf(events);
		}

		public boolean alerts() {
			return events.stream().anyMatch(Event::alert);
		}

	}

	static final String PASSWORD = "the bot's password";

	static final String RECOVERY = "the bot's 2FA recovery codes";

	private static final String AUDIT_DEVICES = "sys/audit/";

	private final VaultLayout layout;

	/**
	 * A short, bounded name of an alert's asset for a metric label: {@code password}, {@code recovery_codes}
	 * or {@code audit_device} (whatever the device is called, so a label cannot grow without bound).
	 */
	public static String alertLabel(Event event) {
		return switch (event.asset()) {
			case PASSWORD -> "password";
			case RECOVERY -> "recovery_codes";
			default -> "audit_device";
		};
	}

	public AuditTrail(VaultLayout layout) {
		this.layout = layout;
	}

	/** Reads every line of {@code log}; entries before {@code since} (when not null) are left out. */
	public Result read(BufferedReader log, Instant since) {
		Map<String, Event> events = new LinkedHashMap<>();
		long notEntries = 0;
		long unnamed = 0;
		try {
			for (String line = log.readLine(); line != null; line = log.readLine()) {
				if (line.isBlank()) {
					continue;
				}
				Optional<AuditEntry> entry = AuditEntry.parse(line);
				if (entry.isEmpty()) {
					notEntries++;
					continue;
				}
				if (since != null && entry.get().time().isBefore(since)) {
					continue;
				}
				Optional<Event> event = classify(entry.get());
				if (event.isPresent()) {
					String id = entry.get().requestId();
					String key = id.isEmpty() ? "line " + (++unnamed) : id;
					Event earlier = events.get(key);
					if (earlier == null || entry.get().kind() == Kind.RESPONSE) {
						events.put(key, event.get());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Event> sorted = new ArrayList<>(events.values());
		sorted.sort(Comparator.comparing(Event::asset).thenComparing(event -> event.entry().time()));
		return new Result(sorted, notEntries);
	}

	/** The event {@code entry} is, or empty when it concerns none of botkeeper's assets. */
	public Optional<Event> classify(AuditEntry entry) {
		String path = entry.path().startsWith("/") ? entry.path().substring(1) : entry.path();
		boolean denied = entry.outcome() == Outcome.DENIED;
		String operation = entry.operation();
		String kv = layout.kvMount() + "/";
		String totp = layout.totpMount() + "/";
		if (path.startsWith(kv)) {
			return kv(entry, path.substring(kv.length()), denied);
		}
		if (path.startsWith(totp)) {
			String rest = path.substring(totp.length());
			if (rest.equals("code/" + VaultLayout.TOTP_KEY)) {
				String action = operation.equals("read") ? "got a code" : operation.equals("update") ? "checked a code" : verb(operation);
				return event(entry, "the bot's 2FA code", action, false);
			}
			if (rest.equals("keys/" + VaultLayout.TOTP_KEY)) {
				// Vault never returns a TOTP key's seed: a read shows its settings (totp code reads the period).
				return event(entry, "the 2FA seed", operation.equals("read") ? "read settings" : verb(operation), false);
			}
			return denied ? event(entry, path, verb(operation), false) : Optional.empty();
		}
		// The message a device writes when it is enabled (sys/audit/test) carries no identity: not a person's doing.
		if (path.startsWith(AUDIT_DEVICES) && path.length() > AUDIT_DEVICES.length() && !entry.policies().isEmpty()) {
			boolean change = !operation.equals("read") && !operation.equals("list");
			boolean disabled = operation.equals("delete") && entry.outcome() == Outcome.OK;
			return change || denied ? event(entry, "audit device " + path.substring(AUDIT_DEVICES.length()),
					disabled ? "disabled" : verb(operation), disabled) : Optional.empty();
		}
		for (String prefix : List.of("sys/policies/acl/", "sys/policy/")) {
			if (path.startsWith(prefix) && path.length() > prefix.length()) {
				boolean change = !operation.equals("read") && !operation.equals("list");
				return change || denied ? event(entry, "policy " + path.substring(prefix.length()), verb(operation), false)
						: Optional.empty();
			}
		}
		return Optional.empty();
	}

	/** A path in the KV v2 mount: {@code data/}, {@code metadata/}, {@code delete/}, {@code undelete/} or {@code destroy/} and the record. */
	private Optional<Event> kv(AuditEntry entry, String rest, boolean denied) {
		int slash = rest.indexOf('/');
		String part = slash < 0 ? rest : rest.substring(0, slash);
		String record = slash < 0 ? "" : rest.substring(slash + 1);
		String asset = asset(record);
		String operation = entry.operation();
		if (asset == null) {
			return denied ? event(entry, layout.kvMount() + "/" + rest, verb(operation), false) : Optional.empty();
		}
		String action = switch (part) {
			case "data" -> verb(operation);
			case "metadata" -> operation.equals("read") || operation.equals("list") ? null : verb(operation) + " metadata";
			case "delete" -> "deleted a version";
			case "undelete" -> "undeleted a version";
			case "destroy" -> "destroyed a version";
			default -> null;
		};
		if (action == null) {
			return denied ? event(entry, asset, verb(operation) + " " + part, false) : Optional.empty();
		}
		boolean sensitive = asset.equals(PASSWORD) || asset.equals(RECOVERY);
		boolean alert = sensitive && (denied || (part.equals("data") && operation.equals("read")));
		return event(entry, asset, action, alert);
	}

	/** The asset a KV record is, by botkeeper's layout; null for the broker's own records (ledger, lease, ...). */
	private static String asset(String record) {
		if (record.equals(VaultLayout.ACCOUNT)) {
			return PASSWORD;
		}
		if (record.equals(VaultLayout.ACCOUNT_RECOVERY)) {
			return RECOVERY;
		}
		if (record.equals(VaultLayout.WRITER)) {
			return "the writer credential";
		}
		if (record.startsWith(VaultLayout.WRITERS + "/")) {
			return "the writer credential of " + record.substring(VaultLayout.WRITERS.length() + 1);
		}
		if (record.equals(VaultLayout.BOT_TOKEN)) {
			return "the bot's own token";
		}
		if (record.startsWith("tokens/") && record.length() > "tokens/".length()) {
			return "the token of " + record.substring("tokens/".length());
		}
		return null;
	}

	private static String verb(String operation) {
		return switch (operation) {
			case "read" -> "read";
			case "create", "update" -> "wrote";
			case "patch" -> "patched";
			case "delete" -> "deleted";
			case "list" -> "listed";
			default -> operation.isEmpty() ? "?" : operation;
		};
	}

	private static Optional<Event> event(AuditEntry entry, String asset, String action, boolean alert) {
		return Optional.of(new Event(entry, asset, action, alert));
	}

}
