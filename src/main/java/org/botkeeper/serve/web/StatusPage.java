package org.botkeeper.serve.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.broker.BotFootprint;
import org.botkeeper.config.BindingsCheck;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.config.OrgSecretsCheck;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.serve.StatusBoard;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.BindingStatus.State;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.StatusReport;
import org.botkeeper.vault.AuditEntry;
import org.botkeeper.vault.AuditTrail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /}: a read-only status page rendered on the server (no front-end build): a summary at
 * the top, then one row per binding, then the bot's footprint, then who can get the bot's credentials
 * (the last access review), then (with {@code botkeeper.config}) the check against the bindings file.
 * Every text is HTML-escaped; no secret value is in the model.
 */
@RestController
public class StatusPage {

	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}
			h1{font-size:1.4rem} .summary span{display:inline-block;margin-right:1.5rem;padding:.4rem .8rem;border-radius:6px;background:#f6f8fa}
			table{border-collapse:collapse;width:100%;margin-top:1rem} th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de;font-size:.9rem}
			.ok{color:#1a7f37} .bad{color:#cf222e;font-weight:600} .warn{background:#fff8c5} .problem{color:#cf222e}
			""";

	private final StatusBoard board;

	public StatusPage(StatusBoard board) {
		this.board = board;
	}

	@GetMapping(path = "/", produces = "text/html;charset=UTF-8")
	public String page() {
		StatusBoard.Snapshot snapshot = board.snapshot();
		StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<title>botkeeper status</title><style>").append(STYLE).append("</style></head><body>")
			.append("<h1>botkeeper: bot token sync status</h1>");
		snapshot.lastProblem()
			.ifPresent(problem -> html.append("<p class=\"problem\" id=\"problem\">Last run: ").append(esc(problem)).append("</p>"));
		html.append("<p>Last run: ").append(time(snapshot.lastRunAt())).append(" &middot; next run: ")
			.append(time(snapshot.nextRunAt())).append("</p>");
		GitHubCircuit.State circuit = board.githubCircuit();
		html.append("<p id=\"github-circuit\"").append(circuit == GitHubCircuit.State.CLOSED ? "" : " class=\"problem\"")
			.append(">GitHub circuit breaker: <b>").append(circuit.name()).append("</b> ").append(switch (circuit) {
				case CLOSED -> "(GitHub answers; calls go out)";
				case OPEN -> "(GitHub is failing; botkeeper is not calling it until the breaker half-opens)";
				case HALF_OPEN -> "(a few trial calls decide whether GitHub is back)";
			}).append("</p>");
		if (snapshot.stale()) {
			html.append("<p class=\"problem\" id=\"stale\">The bindings below are as of ")
				.append(time(snapshot.report().map(StatusReport::generatedAt)))
				.append(": the last run stopped before it could check them.</p>");
		}
		snapshot.report().ifPresentOrElse(report -> render(report, snapshot.writer(), html),
				() -> html.append("<p id=\"empty\">No sync has completed yet.</p>"));
		organisationSecrets(board.organisationSecrets(), html);
		footprint(board.footprint(), html);
		access(board.access(), html);
		board.audit().ifPresent(audit -> audit(audit, html));
		board.declared().ifPresent(declared -> declared(declared, html));
		return html.append("</body></html>").toString();
	}

	/** The "Organisation secrets" section (strategy B), after the bindings; left out while there are none. */
	private static void organisationSecrets(List<org.botkeeper.sync.OrgSecretStatus> secrets, StringBuilder html) {
		if (secrets.isEmpty()) {
			return;
		}
		html.append("<h2>Organisation secrets</h2><table id=\"organisation-secrets\"><thead><tr><th>Secret</th>")
			.append("<th>State</th><th>Repositories</th><th>Vault version</th><th>Pushed</th><th>Detail</th></tr></thead><tbody>");
		for (org.botkeeper.sync.OrgSecretStatus status : secrets) {
			html.append("<tr data-secret=\"").append(esc(status.target().toString())).append("\" data-state=\"")
				.append(status.state().name()).append("\"><td>").append(esc(status.target().toString()))
				.append("</td><td class=\"").append(status.needsAttention() ? "bad"
						: status.state() == State.SYNCED ? "ok" : "").append("\">")
				.append(status.state().name().toLowerCase(java.util.Locale.ROOT)).append("</td><td>")
				.append(esc(String.join(", ", status.repositories()))).append("</td><td>").append(status.vaultVersion())
				.append("</td><td>").append(status.pushedVersion()).append("</td><td>").append(esc(status.detail()))
				.append("</td></tr>");
		}
		html.append("</tbody></table>");
	}

	/** The "Bot footprint" section: when, and the findings with their fixes, or why there are none to show. */
	private static void footprint(StatusBoard.Footprint footprint, StringBuilder html) {
		html.append("<h2>Bot footprint</h2><div id=\"footprint\">");
		switch (footprint) {
			case StatusBoard.Footprint.Pending pending -> html.append("<p>")
				.append(pending.off() ? "Off (botkeeper.footprint.interval=off)." : "Not computed yet.").append("</p>");
			case StatusBoard.Footprint.NotComputed skipped -> html.append("<p>Not computed (").append(esc(skipped.why()))
				.append(") at ").append(time(Optional.of(skipped.at()))).append(".</p>");
			case StatusBoard.Footprint.Failed failed -> html.append("<p class=\"problem\">Failed at ")
				.append(time(Optional.of(failed.at()))).append(": ").append(esc(failed.problem())).append("</p>");
			case StatusBoard.Footprint.Computed computed -> {
				html.append("<p>Where ").append(esc(computed.login())).append(" can write in ")
					.append(esc(String.join(", ", computed.organisations()))).append(", compared with the bindings; computed ")
					.append(time(Optional.of(computed.at()))).append(".</p>");
				if (computed.findings().isEmpty()) {
					html.append("<p class=\"ok\">No findings: the bot can write exactly where its bindings need it, through a team.</p>");
				}
				else {
					html.append("<table><thead><tr><th>Finding</th><th>Where</th><th>Access</th><th>Why</th><th>Fix</th>")
						.append("</tr></thead><tbody>");
					for (BotFootprint.Finding finding : computed.findings()) {
						html.append("<tr data-finding=\"").append(finding.kind().name()).append("\"><td class=\"bad\">")
							.append(esc(finding.kind().label())).append("</td><td>").append(esc(finding.where()))
							.append("</td><td>").append(esc(finding.access())).append("</td><td>").append(esc(finding.why()))
							.append("</td><td><code>").append(esc(finding.fix())).append("</code></td></tr>");
					}
					html.append("</tbody></table>");
				}
			}
		}
		html.append("</div>");
	}

	/**
	 * The "Who can get the bot's credentials" section: the last access review as the team-compass table of
	 * {@code access --format markdown}, with when and against which Vault, or why there is none.
	 */
	private static void access(StatusBoard.Access access, StringBuilder html) {
		html.append("<h2>Who can get the bot's credentials</h2><div id=\"access\">");
		switch (access) {
			case StatusBoard.Access.Pending pending -> html.append("<p>")
				.append(pending.off() ? "Off (botkeeper.access.interval=off)." : "Not reviewed yet.").append("</p>");
			// Denied is how serve runs with the broker's token, as it should: no alarm, just what it would need.
			case StatusBoard.Access.Failed failed -> html.append(failed.denied() ? "<p>" : "<p class=\"problem\">")
				.append("Not reviewed (").append(time(Optional.of(failed.at()))).append("): ")
				.append(esc(failed.problem())).append("</p>");
			case StatusBoard.Access.Computed computed -> {
				html.append("<p>As Vault at ").append(esc(computed.vault())).append(" answered at ")
					.append(time(Optional.of(computed.at())))
					.append(" (also as JSON at <a href=\"/api/access\">/api/access</a>). Since: when Vault created the ")
					.append("holder, or by when it last changed it; &mdash; where Vault does not record it.</p>");
				for (String problem : computed.review().problems()) {
					html.append("<p class=\"problem\">").append(esc(problem)).append("</p>");
				}
				for (String method : computed.review().result().notInspected()) {
					html.append("<p class=\"problem\">Auth method ").append(esc(method))
						.append(" is enabled and was not inspected: review it by hand.</p>");
				}
				html.append("<table><thead><tr>");
				AccessDocument.COLUMNS.forEach(column -> html.append("<th>").append(esc(column)).append("</th>"));
				html.append("</tr></thead><tbody>");
				for (List<String> row : AccessDocument.rows(computed.review().result())) {
					html.append("<tr>");
					row.forEach(cell -> html.append("<td>").append(esc(cell)).append("</td>"));
					html.append("</tr>");
				}
				html.append("</tbody></table>");
			}
		}
		html.append("</div>");
	}

	/**
	 * The "Sensitive reads" section, with botkeeper.audit.file only: the latest alerts in Vault's audit log
	 * (who read the bot's password or recovery codes, or was denied them), as {@code botkeeper audit} names them.
	 */
	private static void audit(StatusBoard.AuditAlerts audit, StringBuilder html) {
		html.append("<h2>Sensitive reads</h2><div id=\"audit\"><p>From Vault's audit log ").append(esc(audit.file()))
			.append(", read ").append(time(Optional.of(audit.at())))
			.append(" (counted as botkeeper_sensitive_reads_total). Reads of the bot's password or recovery codes, ")
			.append("denied attempts on them and disabled audit devices; newest first.</p>");
		audit.problem().ifPresent(problem -> html.append("<p class=\"problem\">").append(esc(problem)).append("</p>"));
		if (audit.alerts().isEmpty()) {
			html.append("<p>None since serve started (or in the last MiB of the log before).</p>");
		}
		else {
			html.append("<table><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Asset</th><th>Result</th>")
				.append("<th>From</th><th>Policies</th><th>Request</th></tr></thead><tbody>");
			for (AuditTrail.Event event : audit.alerts()) {
				AuditEntry entry = event.entry();
				html.append("<tr><td>").append(time(Optional.of(entry.time()))).append("</td><td>")
					.append(esc(entry.displayName())).append("</td><td>").append(esc(event.action())).append("</td><td>")
					.append(esc(event.asset())).append("</td><td>").append(esc(entry.outcome().label())).append("</td><td>")
					.append(esc(entry.remoteAddress())).append("</td><td>").append(esc(String.join(",", entry.policies())))
					.append("</td><td>").append(esc(entry.requestId())).append("</td></tr>");
			}
			html.append("</tbody></table>");
		}
		html.append("</div>");
	}

	/** The "Bindings as code" section, with botkeeper.config only: the three lists of the last full run. */
	private static void declared(StatusBoard.Declared declared, StringBuilder html) {
		BindingsCheck check = declared.check();
		BindingsFile file = check.file();
		html.append("<h2>Bindings as code</h2><div id=\"config\"><p>").append(esc(file.path().toString()))
			.append(", checked ").append(time(Optional.of(declared.at()))).append(".</p>");
		declared.problem().ifPresent(problem -> html.append("<p class=\"problem\" id=\"config-problem\">")
			.append("The file is not valid now; its last valid version is used until it is corrected:<br>")
			.append(esc(problem).replace("\n", "<br>")).append("</p>"));
		if (check.missingCount() + check.differingCount() + check.undeclaredCount() == 0) {
			html.append("<p class=\"ok\">Vault's token records match the file.</p></div>");
			return;
		}
		html.append("<table><thead><tr><th>Finding</th><th>Binding</th><th>Declared at</th><th>Detail</th>")
			.append("</tr></thead><tbody>");
		for (BindingsFile.Declaration missing : check.missing()) {
			finding(html, "missing", "declared, no token", missing.binding().toString(), file.where(missing),
					"store it with botkeeper token put");
		}
		for (BindingsCheck.Difference difference : check.differing()) {
			finding(html, "differing", "bound elsewhere, not synced", difference.declared().binding().toString(),
					file.where(difference.declared()), "Vault's token is bound to " + esc(difference.inVault().toString()));
		}
		for (Binding undeclared : check.undeclared()) {
			finding(html, "undeclared", "undeclared, synced", undeclared.toString(), "",
					"declare it to keep the file complete");
		}
		OrgSecretsCheck organisations = check.organisationSecrets();
		for (BindingsFile.OrgDeclaration missing : organisations.missing()) {
			finding(html, "missing", "declared, no token", missing.target().toString(), file.where(missing),
					"store it with botkeeper org-secret put");
		}
		for (OrgSecretsCheck.Difference difference : organisations.differing()) {
			finding(html, "differing", "other repositories, not synced", difference.declared().target().toString(),
					file.where(difference.declared()), "declared for "
							+ esc(String.join(", ", difference.declared().repositories())) + "; Vault's record gives it to "
							+ esc(String.join(", ", difference.inVault())));
		}
		for (OrgSecretTarget undeclared : organisations.undeclared()) {
			finding(html, "undeclared", "undeclared, synced", undeclared.toString(), "",
					"declare it to keep the file complete");
		}
		html.append("</tbody></table></div>");
	}

	/**
	 * One row of the "Bindings as code" table: {@code kind} is its {@code data-config}; missing and differing
	 * need a person and are marked bad. {@code detail} is HTML, its names escaped by the caller.
	 */
	private static void finding(StringBuilder html, String kind, String finding, String declared, String where,
			String detail) {
		html.append("<tr data-config=\"").append(kind).append("\"><td")
			.append(kind.equals("undeclared") ? "" : " class=\"bad\"").append(">").append(finding).append("</td><td>")
			.append(esc(declared)).append("</td><td>").append(esc(where)).append("</td><td>").append(detail)
			.append("</td></tr>");
	}

	private static void render(StatusReport report, StatusBoard.Writer writer, StringBuilder html) {
		html.append("<div class=\"summary\">")
			.append("<span id=\"bindings\">Bindings: <b>").append(report.bindings().size()).append("</b></span>")
			.append("<span id=\"synced\">Synced: <b>").append(report.synced()).append("</b></span>")
			.append("<span id=\"pending\">Pending: <b>").append(report.count(State.PENDING)).append("</b></span>")
			.append(tile("blocked", "Blocked", report.count(State.BLOCKED)))
			.append(tile("failing", "Failing", report.count(State.FAILING)))
			.append("<span id=\"expiring\">Expiring soon: <b>").append(report.expiringSoon()).append("</b></span>")
			.append("<span id=\"writer\"").append(writer == StatusBoard.Writer.REJECTED ? " class=\"bad\"" : "")
			.append(">Writer credential: <b>").append(switch (writer) {
				case ACCEPTED -> "accepted";
				case REJECTED -> "rejected by GitHub (401)";
				case UNKNOWN -> "not checked yet";
			}).append("</b></span>")
			.append("</div><table><thead><tr><th>Binding</th><th>State</th><th>Reason</th><th>Last sync</th>")
			.append("<th>Token expires</th><th>Drift</th></tr></thead><tbody>");
		for (BindingStatus status : report.bindings()) {
			String expires = status.tokenRevoked() ? "<span class=\"bad\">revoked</span>"
					: status.daysToExpiry().map(days -> days + " days").orElse("unknown");
			html.append("<tr data-binding=\"").append(esc(status.binding().toString())).append("\"")
				.append(status.expiringSoon() ? " class=\"warn\"" : "")
				.append(" data-state=\"").append(status.state().name()).append("\"><td>")
				.append(esc(status.binding().toString())).append("</td><td class=\"")
				.append(status.state().needsAttention() ? "bad" : status.state() == State.SYNCED ? "ok" : "").append("\">")
				.append(status.state().name().toLowerCase(java.util.Locale.ROOT))
				.append("</td><td>").append(esc(status.detail()))
				.append("</td><td>").append(time(status.lastSyncedAt())).append("</td><td>").append(expires)
				.append("</td><td>").append(!status.driftChecked() ? "not checked"
						: status.drift() ? "<span class=\"bad\">drift detected</span>" : "none")
				.append("</td></tr>");
		}
		html.append("</tbody></table>");
	}

	/** A summary tile, red when it counts anything: blocked and failing bindings need a person. */
	private static String tile(String id, String label, long count) {
		return "<span id=\"" + id + "\"" + (count > 0 ? " class=\"bad\"" : "") + ">" + label + ": <b>" + count + "</b></span>";
	}

	private static String time(Optional<Instant> instant) {
		return instant.map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse("never");
	}

	private static String esc(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
