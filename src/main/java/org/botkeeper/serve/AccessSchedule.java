package org.botkeeper.serve;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.vault.VaultPermissionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviews who can get the bot's credentials ({@link AccessDocument}, what {@code botkeeper access} prints)
 * at start-up and then every {@code botkeeper.access.interval} (1h): the review asks Vault many questions
 * (a short-lived token per policy), and policies change rarely. It needs an operator's token, which the
 * broker's policy deliberately is not (it would need sudo on {@code auth/token/create}, that is, a token
 * with any policy): with the broker's token the first try is denied, the board says what is missing,
 * and Vault is not asked again until a restart, so its audit log does not fill with the same denial.
 */
final class AccessSchedule extends Periodic {

	private static final Logger LOG = LoggerFactory.getLogger(AccessSchedule.class);

	private final BrokerAssembly assembly;

	private final StatusBoard board;

	private final Clock clock;

	/** @param interval empty for off: the board then says so, and nothing is asked */
	AccessSchedule(BrokerAssembly assembly, StatusBoard board, Optional<Duration> interval, Clock clock) {
		super("botkeeper-access", interval);
		this.assembly = assembly;
		this.board = board;
		this.clock = clock;
		if (interval.isEmpty()) {
			board.access(new StatusBoard.Access.Pending(true));
		}
	}

	@Override
	void compute() {
		if (board.access() instanceof StatusBoard.Access.Failed failed && failed.denied()) {
			return;
		}
		StatusBoard.Access before = board.access();
		StatusBoard.Access latest;
		try {
			AccessDocument.Review review = AccessDocument.review(assembly.vault(), assembly.settings().layout(),
					assembly.settings().defaults());
			latest = new StatusBoard.Access.Computed(clock.instant(), assembly.vault().settings().address().toString(),
					review);
		}
		catch (VaultPermissionException ex) {
			latest = new StatusBoard.Access.Failed(clock.instant(), "serve's Vault token may not review access (not "
					+ "asked again until a restart; 'botkeeper access' with an operator token shows it): "
					+ ex.getMessage(), true);
		}
		catch (RuntimeException ex) {
			// Our exceptions' messages say what failed and never quote a value.
			latest = new StatusBoard.Access.Failed(clock.instant(), ex.getMessage(), false);
		}
		board.access(latest);
		if (latest instanceof StatusBoard.Access.Failed failed && failed.denied()) {
			LOG.info("Access review not made: {}", failed.problem());
		}
		else if (latest instanceof StatusBoard.Access.Failed failed && !(before instanceof StatusBoard.Access.Failed)) {
			LOG.warn("Access review failed (logged again once it works): {}", failed.problem());
		}
		else if (latest instanceof StatusBoard.Access.Computed computed && !(before instanceof StatusBoard.Access.Computed)) {
			LOG.info("Access review made: {} asset(s)", computed.review().result().findings().size());
		}
	}

}
