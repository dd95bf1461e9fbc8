package org.botkeeper.serve.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.serve.StatusBoard;
import org.botkeeper.broker.StatusDocument;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status}: every binding's status as JSON (the same shape as {@code status --format json}),
 * with the last run's problem, what GitHub said to the writer credential ({@code writer}: UNKNOWN,
 * ACCEPTED, REJECTED), whether the bindings are from an earlier run ({@code stale}) and the state of the
 * circuit breaker in front of GitHub ({@code github_circuit}: CLOSED, OPEN while GitHub is failing, HALF_OPEN).
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
			.map(report -> StatusDocument.of(report, snapshot.nextRunAt()))
			.orElseGet(LinkedHashMap::new);
		document.put("last_run_at", snapshot.lastRunAt().map(Object::toString).orElse(null));
		document.put("last_problem", snapshot.lastProblem().orElse(null));
		document.put("writer", snapshot.writer().name());
		document.put("stale", snapshot.stale());
		document.put("github_circuit", board.githubCircuit().name());
		document.put("next_run_at", snapshot.nextRunAt().map(Object::toString).orElse(null));
		return document;
	}

}
