package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An issue in a simulated repository: number, title, body, labels, who opened it, state and its
 * comments. Pull requests are not simulated.
 */
public final class SimIssue {

	/** A comment: who wrote it, what, and when. */
	public record Comment(long id, String author, String body, Instant createdAt) {

	}

	private final long id;

	private final long number;

	private final String author;

	private final Instant createdAt;

	private final List<String> labels;

	private final List<Comment> comments = new CopyOnWriteArrayList<>();

	private volatile String title;

	private volatile String body;

	private volatile String state = "open";

	private volatile String stateReason;

	private volatile Instant updatedAt;

	private volatile Instant closedAt;

	SimIssue(long id, long number, String author, String title, String body, List<String> labels, Instant now) {
		this.id = id;
		this.number = number;
		this.author = author;
		this.title = title;
		this.body = body;
		this.labels = List.copyOf(labels);
		this.createdAt = now;
		this.updatedAt = now;
	}

	public long id() {
		return id;
	}

	public long number() {
		return number;
	}

	public String author() {
		return author;
	}

	public String title() {
		return title;
	}

	public String body() {
		return body;
	}

	public List<String> labels() {
		return labels;
	}

	public String state() {
		return state;
	}

	public String stateReason() {
		return stateReason;
	}

	public List<Comment> comments() {
		return List.copyOf(comments);
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant updatedAt() {
		return updatedAt;
	}

	Instant closedAt() {
		return closedAt;
	}

	synchronized void edit(String newTitle, String newBody, String newState, String reason, Instant now) {
		if (newTitle != null) {
			title = newTitle;
		}
		if (newBody != null) {
			body = newBody;
		}
		// As GitHub documents: state_reason is ignored unless the state changes.
		if (newState != null && !newState.equals(state)) {
			state = newState;
			stateReason = newState.equals("closed") ? (reason == null ? "completed" : reason) : "reopened";
			closedAt = newState.equals("closed") ? now : null;
		}
		updatedAt = now;
	}

	Comment comment(long commentId, String commenter, String text, Instant now) {
		Comment comment = new Comment(commentId, commenter, text, now);
		comments.add(comment);
		updatedAt = now;
		return comment;
	}

}
