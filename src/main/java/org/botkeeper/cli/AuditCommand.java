package org.botkeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.botkeeper.config.Durations;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AuditEntry;
import org.botkeeper.vault.AuditTrail;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper audit}: who read or changed the bot's password, 2FA codes, tokens and policies, from Vault's audit log. */
@Command(name = "audit", sortOptions = false,
		description = { "Shows who did what to botkeeper's assets, from Vault's (or OpenBao's) file audit log: read the",
				"bot's password or recovery codes, got a 2FA code, read or wrote a repository's token or a writer",
				"credential, changed a token's metadata, an ACL policy or an audit device, and every request Vault",
				"denied in botkeeper's mounts; with time, identity (display name, entity, policies), address and",
				"request id. Reads of the password or recovery codes, denied attempts on them, and a disabled audit",
				"device are alerts (a '!' in the table). Values, tokens and accessors stay out of the output (the log",
				"holds them HMAC'd).",
				"Enable the device with 'botkeeper vault init --audit-file PATH'. Needs no Vault token.", "",
				"Examples:", "  botkeeper audit --file /var/log/openbao/audit.log --since 7d",
				"  ssh vault-1 cat /var/log/vault/audit.log | botkeeper audit --file - --format json" })
final class AuditCommand implements Callable<Integer> {

	@Mixin
	private VaultContext context;

	@Option(names = "--file", paramLabel = "PATH", required = true,
			description = "The audit log: the file_path of Vault's file audit device, or '-' for stdin.")
	private String file;

	@Option(names = "--since", paramLabel = "DURATION",
			description = "Only entries of the last DURATION (e.g. 30d, 12h, 90m); default: the whole log.")
	private String since;

	@Option(names = "--format", paramLabel = "table|json|markdown", defaultValue = "table",
			description = "Output format: table (default), json or markdown.")
	private OutputFormat format = OutputFormat.TABLE;

	@Option(names = "--detailed-exitcode", description = "Exit 4 when there is an alert.")
	private boolean detailedExitCode;

	private static final List<String> HEADERS = List.of("!", "TIME", "WHO", "ACTION", "ASSET", "RESULT", "FROM",
			"REQUEST", "POLICIES", "ENTITY");

	@Override
	public Integer call() {
		AuditTrail trail = new AuditTrail(context.layout());
		Instant cutoff = cutoff();
		AuditTrail.Result result;
		try (BufferedReader log = open()) {
			result = trail.read(log, cutoff);
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			// A directory opens, then fails on the first read; so does a file on a failing disk.
			throw UserFacingException.badInput("Cannot read audit log '" + Printable.of(file, 200) + "': "
					+ ex.getClass().getSimpleName() + ". Give the file itself (not its folder), or pipe it into stdin "
					+ "with '--file -'.", ex);
		}
		PrintWriter out = context.out();
		switch (format) {
			case JSON -> Output.json(out, result.events().stream().map(AuditCommand::json).toList());
			case MARKDOWN -> Markdown.table(out, HEADERS, result.events().stream().map(AuditCommand::row).toList());
			case TABLE -> {
				if (!result.events().isEmpty()) {
					// One line per event however wide: its ids are looked up in the log, and a wrapped id is not.
					Output.table(out, HEADERS, result.events().stream().map(AuditCommand::row).toList());
				}
			}
		}
		PrintWriter err = context.err();
		if (result.events().isEmpty()) {
			err.println("No entry of the log concerns botkeeper's mounts (" + context.layout().kvMount() + "/, "
					+ context.layout().totpMount() + "/) or a policy" + (since == null ? "." : " in the last " + since + "."));
		}
		if (result.notEntries() > 0) {
			err.println(Output.count(result.notEntries(), "line was", "lines were") + " not audit entries (not JSON, "
					+ "or without type, time and request path) and were skipped.");
		}
		long alerts = result.events().stream().filter(AuditTrail.Event::alert).count();
		if (alerts > 0) {
			err.println(Output.count(alerts, "alert", "alerts") + " (marked '!'): the bot's password or recovery codes "
					+ "were read or denied, or an audit device was disabled. Check that each was expected.");
		}
		return detailedExitCode && alerts > 0 ? ExitCodes.NEEDS_ATTENTION : ExitCodes.OK;
	}

	private Instant cutoff() {
		if (since == null) {
			return null;
		}
		Duration duration;
		try {
			duration = Durations.parse(since.strip());
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("--since '" + Printable.of(since, 40)
					+ "' is not a duration: write e.g. 30d, 12h or 90m.");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw UserFacingException.badInput("--since must be longer than zero, e.g. 30d.");
		}
		return Clock.systemUTC().instant().minus(duration);
	}

	private BufferedReader open() {
		if (file.equals("-")) {
			return new BufferedReader(new InputStreamReader(context.terminal().stdin(), StandardCharsets.UTF_8));
		}
		Path path = Path.of(file);
		try {
			return Files.newBufferedReader(path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw UserFacingException.badInput("Audit log '" + Printable.of(file, 200) + "' does not exist. Give the "
					+ "file_path of Vault's file audit device (vault audit list -detailed shows it; enable one with "
					+ "'botkeeper vault init --audit-file PATH'), or '-' and pipe the log into stdin.");
		}
		catch (IOException ex) {
			throw UserFacingException.badInput("Cannot read audit log '" + Printable.of(file, 200) + "': "
					+ ex.getClass().getSimpleName() + ". Check that it is a file you may read (Vault writes it with "
					+ "mode 0600), or pipe it into stdin with '--file -'.", ex);
		}
	}

	private static List<String> row(AuditTrail.Event event) {
		AuditEntry entry = event.entry();
		return Arrays.asList(event.alert() ? "!" : " ", Output.time(entry.time()), entry.displayName(), event.action(),
				event.asset(), entry.outcome().label(), entry.remoteAddress(), entry.requestId(),
				String.join(",", entry.policies()), entry.entityId());
	}

	private static Map<String, Object> json(AuditTrail.Event event) {
		AuditEntry entry = event.entry();
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("alert", event.alert());
		node.put("time", entry.time().toString());
		node.put("asset", event.asset());
		node.put("action", event.action());
		node.put("result", entry.outcome().label());
		node.put("operation", entry.operation());
		node.put("path", entry.path());
		node.put("display_name", entry.displayName());
		node.put("entity_id", entry.entityId());
		node.put("policies", entry.policies());
		node.put("remote_address", entry.remoteAddress());
		node.put("request_id", entry.requestId());
		return node;
	}

}
