package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.botkeeper.testsupport.ManualTime;
import org.junit.jupiter.api.Test;

/**
 * The gate on manual time: every request it lets through is recorded, and an independent count over
 * the record checks each budget in every window, placed anywhere.
 */
class RequestGateTests {

	private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

	private final ManualTime time = new ManualTime(START);

	private record Sent(Instant at, boolean mutating) {
	}

	private final List<Sent> sent = new ArrayList<>();

	@Test
	void mutationsShouldStartAtLeastTheGapApart() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults(), time, time);

		send(gate, "writer", true);
		time.advance(Duration.ofMillis(300));
		send(gate, "writer", true);

		assertThat(time.sleeps()).containsExactly(Duration.ofMillis(700));
	}

	@Test
	void aSecondaryLimitShouldHoldEveryRequestOfEveryIdentityUntilItEnds() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults(), time, time);
		gate.closeUntil(time.instant().plusSeconds(90));

		send(gate, "writer", false);
		send(gate, "bot", true);

		assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(90));
		assertThat(sent).extracting(Sent::at).containsOnly(START.plusSeconds(90));
	}

	@Test
	void aSpentPrimaryQuotaShouldHoldOnlyItsOwnIdentity() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults(), time, time);
		gate.closeUntil("installation 678", time.instant().plus(Duration.ofMinutes(10)));

		send(gate, "token bot", false);
		send(gate, "app", true);
		assertThat(time.instant()).as("others go at once").isEqualTo(START);
		send(gate, "installation 678", false);

		assertThat(time.instant()).isEqualTo(START.plus(Duration.ofMinutes(10)));
	}

	@Test
	void writesShouldStayWithin72AMinuteAnd450AnHourEvenWithoutAGap() throws Exception {
		GitHubLimits limits = GitHubLimits.defaults().withMutationGap(Duration.ZERO);
		RequestGate gate = new RequestGate(limits, time, time);

		for (int i = 0; i < 1000; i++) {
			send(gate, "writer", true);
		}

		assertThat(mostIn(Duration.ofMinutes(1), true, false)).isEqualTo(72);
		assertThat(mostIn(Duration.ofHours(1), true, false)).isEqualTo(450);
		assertThat(sent.get(450).at()).as("the 451st write waits for the first to leave the hour")
			.isEqualTo(sent.get(0).at().plus(Duration.ofHours(1)));
	}

	@Test
	void readsShouldStayWithin810PointsAMinuteWithWritesCostingFive() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults().withMutationGap(Duration.ZERO), time, time);

		for (int i = 0; i < 3000; i++) {
			send(gate, "writer", i % 10 == 0);
		}

		assertThat(mostPointsIn(Duration.ofMinutes(1))).isBetween(805L, 810L);
		assertThat(time.instant()).as("the reads were paced, not refused").isAfter(START.plus(Duration.ofMinutes(3)));
	}

	@Test
	void everyBudgetShouldHoldForAnyMixOfReadsWritesAndIdentities() throws Exception {
		GitHubLimits limits = GitHubLimits.defaults().withMutationGap(Duration.ofMillis(200));
		RequestGate gate = new RequestGate(limits, time, time);
		Random random = new Random(21);
		List<String> identities = List.of("installation 1", "app", "token bot");

		for (int i = 0; i < 5000; i++) {
			time.advance(Duration.ofMillis(random.nextInt(300)));
			send(gate, identities.get(random.nextInt(3)), random.nextInt(4) == 0);
		}

		assertThat(mostIn(Duration.ofMinutes(1), true, false)).isLessThanOrEqualTo(72);
		assertThat(mostIn(Duration.ofHours(1), true, false)).isLessThanOrEqualTo(450);
		assertThat(mostPointsIn(Duration.ofMinutes(1))).isLessThanOrEqualTo(810);
		List<Instant> writes = sent.stream().filter(Sent::mutating).map(Sent::at).toList();
		for (int i = 1; i < writes.size(); i++) {
			assertThat(Duration.between(writes.get(i - 1), writes.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
	}

	@Test
	void oneRequestAtATimeByDefault() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults(), time, time);
		RequestGate.Pass first = gate.enter("writer", false);
		CountDownLatch entered = new CountDownLatch(1);
		Thread second = Thread.ofPlatform().start(() -> {
			try (RequestGate.Pass pass = gate.enter("writer", false)) {
				entered.countDown();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});

		assertThat(entered.await(300, TimeUnit.MILLISECONDS)).as("the second waits while the first is in flight").isFalse();
		first.close();
		assertThat(entered.await(10, TimeUnit.SECONDS)).as("and goes once the first is answered").isTrue();
		second.join();
	}

	@Test
	void concurrencyShouldAdmitUpToItsNumberAtOnce() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults().withConcurrency(2), time, time);
		RequestGate.Pass first = gate.enter("writer", false);
		RequestGate.Pass second = gate.enter("writer", false);
		AtomicReference<RequestGate.Pass> third = new AtomicReference<>();
		Thread waiting = Thread.ofPlatform().start(() -> {
			try {
				third.set(gate.enter("writer", false));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});

		waiting.join(300);
		assertThat(third.get()).as("a third waits").isNull();
		second.close();
		waiting.join(10_000);
		assertThat(third.get()).isNotNull();
		first.close();
		third.get().close();
	}

	@Test
	void responseTimeShouldStayWithinItsBudgetWhenRequestsOverlap() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults().withConcurrency(3), time, time);
		RequestGate.Pass slow = gate.enter("writer", false);
		time.advance(Duration.ofSeconds(40));
		slow.close();
		RequestGate.Pass slower = gate.enter("writer", false);
		time.advance(Duration.ofSeconds(30));
		slower.close();

		send(gate, "writer", false);

		assertThat(time.sleeps()).as("70 s of answers ended within the minute: wait until the 40 s one leaves it")
			.containsExactly(Duration.ofSeconds(30));
	}

	/**
	 * serve's full run plans in the background: it may not take the last tenth of the points (81 of 810), so
	 * a change's reads and its write still go at once while the full run waits for the window to move.
	 */
	@Test
	void backgroundReadsShouldLeaveTheReserveToEveryoneElse() throws Exception {
		RequestGate gate = new RequestGate(GitHubLimits.defaults().withMutationGap(Duration.ZERO), time, time);
		RequestGate.inBackground(() -> {
			for (int i = 0; i < 730; i++) {
				sendUnchecked(gate, "writer", false);
			}
			return null;
		});
		assertThat(time.sleeps()).as("the 730th background read waits for the minute to pass")
			.containsExactly(Duration.ofMinutes(1));
		assertThat(sent.get(728).at()).isEqualTo(START);

		RequestGate fresh = new RequestGate(GitHubLimits.defaults().withMutationGap(Duration.ZERO), time, time);
		RequestGate.inBackground(() -> {
			for (int i = 0; i < 729; i++) {
				sendUnchecked(fresh, "writer", false);
			}
			return null;
		});
		send(fresh, "writer", true);
		for (int i = 0; i < 76; i++) {
			send(fresh, "writer", false);
		}
		assertThat(time.sleeps()).as("then a write and 76 reads in the reserve, at once").hasSize(1);
	}

	/** A request waiting for points does not keep its place in flight: with one place, another that fits goes. */
	@Test
	void aRequestWaitingForPointsShouldNotHoldItsPlaceInFlight() throws Exception {
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Sleeper blocking = duration -> {
			waiting.countDown();
			release.await();
			time.advance(duration);
		};
		RequestGate gate = new RequestGate(GitHubLimits.defaults(), time, blocking);
		RequestGate.inBackground(() -> {
			for (int i = 0; i < 729; i++) {
				sendUnchecked(gate, "writer", false);
			}
			return null;
		});
		Thread background = Thread.ofPlatform().start(() -> RequestGate.inBackground(() -> sendUnchecked(gate, "writer", false)));
		assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the background read waits for points").isTrue();

		Thread foreground = Thread.ofPlatform().start(() -> sendUnchecked(gate, "writer", false));
		foreground.join(5_000);

		assertThat(foreground.isAlive()).as("the foreground read was held behind the waiting one").isFalse();
		release.countDown();
		background.join(10_000);
	}

	private Void sendUnchecked(RequestGate gate, String identity, boolean mutating) {
		try {
			send(gate, identity, mutating);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void send(RequestGate gate, String identity, boolean mutating) throws InterruptedException {
		try (RequestGate.Pass pass = gate.enter(identity, mutating)) {
			sent.add(new Sent(time.instant(), mutating));
		}
	}

	/** The most requests (of the kind asked) sent within any span of {@code window}. */
	private long mostIn(Duration window, boolean writes, boolean reads) {
		List<Instant> at = sent.stream().filter(s -> s.mutating() ? writes : reads).map(Sent::at).toList();
		long most = 0;
		for (int i = 0, j = 0; i < at.size(); i++) {
			while (!at.get(j).plus(window).isAfter(at.get(i))) {
				j++;
			}
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	/** The most secondary points (read 1, write 5) spent within any span of {@code window}. */
	private long mostPointsIn(Duration window) {
		long most = 0;
		long sum = 0;
		for (int i = 0, j = 0; i < sent.size(); i++) {
			sum += sent.get(i).mutating() ? 5 : 1;
			while (!sent.get(j).at().plus(window).isAfter(sent.get(i).at())) {
				sum -= sent.get(j).mutating() ? 5 : 1;
				j++;
			}
			most = Math.max(most, sum);
		}
		return most;
	}

}
