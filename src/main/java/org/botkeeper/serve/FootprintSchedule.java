package org.botkeeper.serve;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.botkeeper.broker.FootprintAudit;
import org.botkeeper.github.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the bot's footprint ({@link FootprintAudit}: where the bot can write compared with the
 * bindings) on a schedule of its own, on a thread of its own, at start-up and then every
 * {@code botkeeper.footprint.interval} (1h): the sync's interval is minutes, and the bot's teams change
 * rarely. The result goes to the {@link StatusBoard}, which the page, the API and the metrics read.
 */
final class FootprintSchedule extends Periodic {

	private static final Logger LOG = LoggerFactory.getLogger(FootprintSchedule.class);

	/** Why there is no footprint when Vault holds no bot token: a person can act on it. */
	static final String NO_BOT_TOKEN = "no bot token: store it with 'botkeeper bot-token set'";

	private final Supplier<FootprintAudit> audits;

	private final StatusBoard board;

	private final Clock clock;

	/** @param interval empty for off: the board then says so, and nothing is asked */
	FootprintSchedule(Supplier<FootprintAudit> audits, StatusBoard board, Optional<Duration> interval, Clock clock) {
		super("botkeeper-footprint", interval);
		this.audits = audits;
		this.board = board;
		this.clock = clock;
		if (interval.isEmpty()) {
			board.footprint(new StatusBoard.Footprint.Pending(true));
		}
	}

	/** One computation; never throws, since an exception would end a fixed-delay task for good. */
	@Override
	void compute() {
		StatusBoard.Footprint before = board.footprint();
		StatusBoard.Footprint latest;
		try {
			FootprintAudit audit = audits.get();
			FootprintAudit.Scope scope = audit.scope(Set.of());
			if (scope.organisations().isEmpty()) {
				latest = new StatusBoard.Footprint.NotComputed(clock.instant(), scope.elsewhere().isEmpty()
						? "no bindings to compare with"
						: "no bindings on GITHUB_API_URL's host (the writers of " + String.join(", ", scope.elsewhere().keySet())
								+ " name other hosts, where the bot is another account)");
			}
			else {
				// In the background: its reads leave the gate's reserve to the sync's changes and writes.
				latest = RequestGate.inBackground(() -> audit.check(scope))
					.<StatusBoard.Footprint>map(result -> new StatusBoard.Footprint.Computed(clock.instant(),
							result.view().login(), result.organisations(), result.findings()))
					.orElseGet(() -> new StatusBoard.Footprint.NotComputed(clock.instant(), NO_BOT_TOKEN));
			}
		}
		catch (RuntimeException ex) {
			// Our exceptions' messages say what failed and never quote a value (Vault's and GitHub's alike).
			latest = new StatusBoard.Footprint.Failed(clock.instant(), ex.getMessage());
		}
		board.footprint(latest);
		log(before, latest);
	}

	/** One line when the footprint is skipped or fails, not one an hour while it stays that way. */
	private static void log(StatusBoard.Footprint before, StatusBoard.Footprint latest) {
		switch (latest) {
			case StatusBoard.Footprint.NotComputed skipped when !(before instanceof StatusBoard.Footprint.NotComputed was
					&& was.why().equals(skipped.why())) -> LOG.info("Bot footprint not computed: {}", skipped.why());
			case StatusBoard.Footprint.Failed failed when !(before instanceof StatusBoard.Footprint.Failed) ->
				LOG.warn("Bot footprint failed (logged again once it works): {}", failed.problem());
			case StatusBoard.Footprint.Computed computed -> LOG.info("Bot footprint of {} in {}: {} finding(s)",
					computed.login(), computed.organisations(), computed.findings().size());
			default -> {
			}
		}
	}

}
