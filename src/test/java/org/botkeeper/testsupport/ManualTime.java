package org.botkeeper.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.botkeeper.github.Sleeper;

/**
 * A clock that moves only when something sleeps on it: the client's waits pass at once, the
 * simulator (sharing the clock) sees the time move, and a test can check what happened during a
 * wait through {@link #onSleep}.
 */
public final class ManualTime extends Clock implements Sleeper {

	private volatile Instant now;

	private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

	private volatile Consumer<Duration> onSleep = duration -> {
	};

	public ManualTime(Instant start) {
		this.now = start;
	}

	@Override
	public synchronized void sleep(Duration duration) {
		sleeps.add(duration);
		onSleep.accept(duration);
		now = now.plus(duration);
	}

	public synchronized void advance(Duration duration) {
		now = now.plus(duration);
	}

	/** Runs before each sleep passes, e.g. to record the simulator's request count at its start. */
	public void onSleep(Consumer<Duration> action) {
		onSleep = action;
	}

	public List<Duration> sleeps() {
		return List.copyOf(sleeps);
	}

	/**
	 * Sets this clock to {@code instant}, backwards too: for the start of a test whose command line
	 * signs GitHub App JWTs with the system clock, which the simulator checks against this one (earlier
	 * tests may have moved it far ahead, or left it behind while real time passed). Never while a
	 * client of this clock is running.
	 */
	public synchronized void alignWith(Instant instant) {
		now = instant;
	}

	public void clearSleeps() {
		sleeps.clear();
	}

	@Override
	public Instant instant() {
		return now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
