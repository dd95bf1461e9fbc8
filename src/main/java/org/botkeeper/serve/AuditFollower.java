package org.botkeeper.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.botkeeper.vault.AuditEntry;
import org.botkeeper.vault.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Vault's file audit log ({@code botkeeper.audit.file}, a file mounted from the Vault server)
 * as {@code tail -f} would: every few seconds it reads what was appended and counts each alert of
 * {@code botkeeper audit} (a read of the bot's password or recovery codes, a denied attempt on them, a
 * disabled audit device) as {@code botkeeper_sensitive_reads_total{asset, result}}, and keeps the latest
 * for the status page. Only the plain fields {@link AuditEntry} reads are used; values stay HMAC'd.
 *
 * <p>At start-up only the last {@link #TAIL} bytes are read, so a long log does not delay anything and
 * recent alerts show at once. A file that shrank was rotated or truncated: it is read from its start.
 * Only responses count (each request has one, and it carries the outcome), so nothing counts twice.
 */
final class AuditFollower extends Periodic {

	static final Duration POLL = Duration.ofSeconds(5);

	/** How many alerts the status page shows. */
	static final int KEPT = 20;

	/** How much of an existing log is read at start-up. */
	static final long TAIL = 1L << 20;

	/** The most read in one poll; a larger backlog is read over the next polls. */
	private static final int CHUNK = 8 << 20;

	private static final Logger LOG = LoggerFactory.getLogger(AuditFollower.class);

	private final Path file;

	private final AuditTrail trail;

	private final MeterRegistry registry;

	private final StatusBoard board;

	private final Clock clock;

	private final Deque<AuditTrail.Event> latest = new ArrayDeque<>();

	/** Bytes of a line not yet ended when it was read. */
	private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

	private long offset = -1;

	/** Set when reading starts in the middle of a line (the start-up tail): that first line is not an entry. */
	private boolean skipFirstLine;

	private Optional<String> problem = Optional.empty();

	/** @param file the audit log; empty (no {@code botkeeper.audit.file}): nothing is followed */
	AuditFollower(Optional<Path> file, AuditTrail trail, MeterRegistry registry, StatusBoard board, Clock clock) {
		super("botkeeper-audit", file.map(any -> POLL));
		this.file = file.orElse(null);
		this.trail = trail;
		this.registry = registry;
		this.board = board;
		this.clock = clock;
		file.ifPresent(path -> board.audit(new StatusBoard.AuditAlerts(path.toString(), List.of(), Optional.empty(),
				clock.instant())));
	}

	@Override
	void compute() {
		try {
			readAppended();
			if (problem.isPresent()) {
				LOG.info("Reading the audit log {} again", file);
			}
			problem = Optional.empty();
		}
		catch (IOException | UncheckedIOException | SecurityException ex) {
			String now = "Cannot read the audit log " + file + " (" + ex.getClass().getSimpleName() + "): check that "
					+ "Vault's audit file is mounted there and readable by serve's user.";
			if (problem.isEmpty()) {
				LOG.warn(now);
			}
			problem = Optional.of(now);
		}
		catch (RuntimeException ex) {
			// A fixed-delay task that throws never runs again: say it, and poll on.
			problem = Optional.of("Following the audit log failed: " + ex.getMessage());
			LOG.warn(problem.get());
		}
		board.audit(new StatusBoard.AuditAlerts(file.toString(), List.copyOf(latest), problem, clock.instant()));
	}

	private void readAppended() throws IOException {
		long size = Files.size(file);
		if (offset < 0) {
			offset = Math.max(0, size - TAIL);
			skipFirstLine = offset > 0;
		}
		else if (size < offset) {
			offset = 0;
			partial.reset();
		}
		if (size == offset) {
			return;
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, size - offset));
		try (SeekableByteChannel channel = Files.newByteChannel(file)) {
			channel.position(offset);
			while (buffer.hasRemaining() && channel.read(buffer) > 0) {
				// read until the buffer is full or the file ends
			}
		}
		offset += buffer.position();
		byte[] bytes = buffer.array();
		int start = 0;
		for (int i = 0; i < buffer.position(); i++) {
			if (bytes[i] == '\n') {
				partial.write(bytes, start, i - start);
				line(partial.toString(StandardCharsets.UTF_8));
				partial.reset();
				start = i + 1;
			}
		}
		partial.write(bytes, start, buffer.position() - start);
	}

	private void line(String line) {
		if (skipFirstLine) {
			skipFirstLine = false;
			return;
		}
		Optional<AuditEntry> entry = AuditEntry.parse(line);
		if (entry.isEmpty() || entry.get().kind() != AuditEntry.Kind.RESPONSE) {
			return;
		}
		trail.classify(entry.get()).filter(AuditTrail.Event::alert).ifPresent(event -> {
			registry.counter("botkeeper.sensitive.reads", "asset", AuditTrail.alertLabel(event), "result",
					event.entry().outcome().label()).increment();
			latest.addFirst(event);
			while (latest.size() > KEPT) {
				latest.removeLast();
			}
		});
	}

}
