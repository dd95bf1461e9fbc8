package org.botkeeper.serve.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.serve.StatusBoard;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/access}: who can get the bot's credentials, the same array as {@code access --format json},
 * from the last review serve made ({@code botkeeper.access.interval}), with {@code Last-Modified} saying
 * when. Until there is one, or when it failed (serve's token is not an operator's, typically), 503 with
 * {@code state} (PENDING, OFF, FAILED), {@code at} and {@code problem}: an unknown is never an empty list.
 */
@RestController
public class AccessApi {

	private final StatusBoard board;

	public AccessApi(StatusBoard board) {
		this.board = board;
	}

	@GetMapping(path = "/api/access", produces = "application/json")
	public ResponseEntity<Object> access() {
		Map<String, Object> json = new LinkedHashMap<>();
		// Read once: the schedule replaces it on a thread of its own.
		switch (board.access()) {
			case StatusBoard.Access.Computed computed -> {
				return ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_JSON)
					.lastModified(computed.at())
					.body(AccessDocument.of(computed.review().result()));
			}
			case StatusBoard.Access.Pending pending -> {
				json.put("state", pending.off() ? "OFF" : "PENDING");
				json.put("at", null);
				json.put("problem", pending.off() ? "off: botkeeper.access.interval=off" : "not reviewed yet");
			}
			case StatusBoard.Access.Failed failed -> {
				json.put("state", "FAILED");
				json.put("at", failed.at().toString());
				json.put("problem", failed.problem());
			}
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON).body(json);
	}

}
