package org.botkeeper.serve.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.serve.StatusBoard;
import org.botkeeper.broker.BotFootprint;
import org.botkeeper.broker.StatusDocument;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status}: every binding's status as JSON (the same shape as {@code status --format json}),
 * with the last run's problem, what GitHub said to the writer credential ({@code writer}: UNKNOWN,
 * ACCEPTED, REJECTED), whether the bindings are from an earlier run ({@code stale}) and the state of the
 * circuit breaker in front of GitHub ({@code github_circuit}: CLOSED, OPEN while GitHub is failing, HALF_OPEN),
 * the bot's footprint ({@code bot_footprint}, see {@link #footprint}) and, with {@code botkeeper.config}, the
 * check against the bindings file ({@code config}, see {@link #config}).
 */
@RestController
public class StatusApi {

	private final StatusBoard board;

	public StatusApi(StatusBoard board) {
		this.board = board;
	}

	@GetMapping(path = "/api/status", produces = "application/json")
	public Map<String, Object> status() {
		StatusBoard.Snapshot snapshot = board.snapshot();
		Map<String, Object> document = snapshot.report()
			.map(report -> StatusDocument.of(report, snapshot.nextRunAt(), board.organisationSecrets()))
			.orElseGet(LinkedHashMap::new);
		document.put("last_run_at", snapshot.lastRunAt().map(Object::toString).orElse(null));
		document.put("last_problem", snapshot.lastProblem().orElse(null));
		document.put("writer", snapshot.writer().name());
		document.put("stale", snapshot.stale());
		document.put("github_circuit", board.githubCircuit().name());
		document.put("next_run_at", snapshot.nextRunAt().map(Object::toString).orElse(null));
		document.put("bot_footprint", footprint(board.footprint()));
		board.declared().ifPresent(declared -> document.put("config", config(declared)));
		return document;
	}

	/**
	 * With {@code botkeeper.config}, after the first full run: the {@code config} object of
	 * {@code sync --format json} (the file, {@code missing}, {@code undeclared}, {@code differing}), with
	 * {@code checked_at} and {@code problem}: why the file as it is now was not used (null while it is valid).
	 */
	static Map<String, Object> config(StatusBoard.Declared declared) {
		Map<String, Object> json = declared.check().document();
		json.put("checked_at", declared.at().toString());
		json.put("problem", declared.problem().orElse(null));
		return json;
	}

	/**
	 * The bot's footprint: {@code state} COMPUTED (with {@code findings}), NOT_COMPUTED (with {@code reason}:
	 * no bot token, no bindings), FAILED (with {@code problem}), PENDING (not tried yet) or OFF. Only COMPUTED
	 * has {@code findings}; it is null otherwise, since unknown is not "no findings".
	 */
	static Map<String, Object> footprint(StatusBoard.Footprint footprint) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("state", switch (footprint) {
			case StatusBoard.Footprint.Pending pending -> pending.off() ? "OFF" : "PENDING";
			case StatusBoard.Footprint.NotComputed skipped -> "NOT_COMPUTED";
			case StatusBoard.Footprint.Failed failed -> "FAILED";
			case StatusBoard.Footprint.Computed computed -> "COMPUTED";
		});
		json.put("at", switch (footprint) {
			case StatusBoard.Footprint.Pending pending -> null;
			case StatusBoard.Footprint.NotComputed skipped -> skipped.at().toString();
			case StatusBoard.Footprint.Failed failed -> failed.at().toString();
			case StatusBoard.Footprint.Computed computed -> computed.at().toString();
		});
		json.put("reason", footprint instanceof StatusBoard.Footprint.NotComputed skipped ? skipped.why() : null);
		json.put("problem", footprint instanceof StatusBoard.Footprint.Failed failed ? failed.problem() : null);
		if (footprint instanceof StatusBoard.Footprint.Computed computed) {
			json.put("login", computed.login());
			json.put("organisations", List.copyOf(computed.organisations()));
			json.put("findings", computed.findings().stream().map(BotFootprint.Finding::document).toList());
		}
		else {
			json.put("findings", null);
		}
		return json;
	}

}
