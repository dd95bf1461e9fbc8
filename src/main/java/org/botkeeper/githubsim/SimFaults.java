package org.botkeeper.githubsim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Switches for injected faults. Counted faults apply to the next N matching requests and then wear
 * off; the others stay on until switched off.
 */
public final class SimFaults {

	private final AtomicInteger serverErrors = new AtomicInteger();

	private final AtomicInteger serverErrorStatus = new AtomicInteger(502);

	private final AtomicInteger connectionResets = new AtomicInteger();

	private final AtomicInteger delayed = new AtomicInteger();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	private final AtomicInteger keyRotations = new AtomicInteger();

	private final AtomicBoolean unauthorized = new AtomicBoolean();

	private final AtomicReference<String> redirectTo = new AtomicReference<>();

	private final AtomicBoolean emptyNextBody = new AtomicBoolean();

	private final AtomicInteger limitStatus = new AtomicInteger(403);

	private final AtomicInteger secretPutsBeforeHold = new AtomicInteger();

	private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);

	private volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);

	private final java.util.Map<String, PathFault> pathFaults = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * A fault for the requests of one repository or endpoint alone (see {@link #onPath}): an error status
	 * instead of the answer, a body of the wrong shape in a 200, the connection closed without an answer,
	 * or an answer held back for a while.
	 */
	public record PathFault(int status, String body, boolean reset, Duration delay) {

		/** Answered {@code status} (a 5xx, say) without being served. */
		public static PathFault status(int status) {
			return new PathFault(status, null, false, Duration.ZERO);
		}

		/**
		 * Served, but a successful answer's JSON is replaced by {@code body}: {@code []}, {@code null}, not
		 * JSON, wrong types.
		 */
		public static PathFault body(String body) {
			return new PathFault(0, body, false, Duration.ZERO);
		}

		/** The connection is closed before any answer (as when the other end goes away). */
		public static PathFault noAnswer() {
			return new PathFault(0, null, true, Duration.ZERO);
		}

		/** Answered only after {@code delay} (longer than the client's read timeout: a timeout). */
		public static PathFault delay(Duration delay) {
			return new PathFault(0, null, false, delay);
		}

	}

	/** The next {@code count} requests get {@code status} (a 5xx) without being served. */
	public void serverErrors(int count, int status) {
		serverErrorStatus.set(status);
		serverErrors.set(count);
	}

	/** The next {@code count} requests lose their connection before any answer. */
	public void connectionResets(int count) {
		connectionResets.set(count);
	}

	/** The next {@code count} requests are answered only after {@code duration}. */
	public void delays(int count, Duration duration) {
		delay.set(duration);
		delayed.set(count);
	}

	/** Rotates the environment key just before the next secret PUT is served (it then holds a stale key id). */
	public void rotateKeyBeforeNextSecretPut() {
		rotateKeyBeforeNextSecretPuts(1);
	}

	/** {@link #rotateKeyBeforeNextSecretPut()} for each of the next {@code count} secret PUTs. */
	public void rotateKeyBeforeNextSecretPuts(int count) {
		keyRotations.set(count);
	}

	/** Every request gets 401 Bad credentials while on. */
	public void unauthorized(boolean on) {
		unauthorized.set(on);
	}

	/** The next request is answered with a 302 to {@code url} (another host, for example). */
	public void redirectNextTo(String url) {
		redirectTo.set(url);
	}

	/** The next successful JSON answer is sent as {@code {}}: a response that breaks GitHub's schemas. */
	public void emptyNextBody() {
		emptyNextBody.set(true);
	}

	/** Answers rate limits with {@code status}: 403 (the default) or 429; GitHub documents both. */
	public void rateLimitStatus(int status) {
		limitStatus.set(status);
	}

	/**
	 * The {@code k}-th secret PUT from now is carried out (the secret changes) but its answer is held
	 * back until {@link #releaseHeld()}: the caller sees a write that happened without its confirmation,
	 * the moment a test kills or stops the process. A new hold replaces the last.
	 */
	public void holdAfterSecretPut(int k) {
		held = new java.util.concurrent.CountDownLatch(1);
		release = new java.util.concurrent.CountDownLatch(1);
		secretPutsBeforeHold.set(k);
	}

	/** Waits until a held secret PUT has been carried out; false on timeout. */
	public boolean awaitHeld(Duration timeout) throws InterruptedException {
		return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Lets a held answer go (and any that would be held later). */
	public void releaseHeld() {
		secretPutsBeforeHold.set(0);
		release.countDown();
	}

	/**
	 * Until cleared, every request whose path contains {@code pathPart} (e.g. {@code "/repos/o/r/"}: one
	 * repository) meets {@code fault}; other requests are served as usual.
	 */
	public void onPath(String pathPart, PathFault fault) {
		pathFaults.put(pathPart, fault);
	}

	public void clear() {
		pathFaults.clear();
		releaseHeld();
		serverErrors.set(0);
		connectionResets.set(0);
		delayed.set(0);
		keyRotations.set(0);
		unauthorized.set(false);
		redirectTo.set(null);
		emptyNextBody.set(false);
		limitStatus.set(403);
	}

	/** The fault for a request to {@code path}, if one was set for it. */
	java.util.Optional<PathFault> onPath(String path) {
		return pathFaults.entrySet().stream().filter(entry -> path.contains(entry.getKey())).map(java.util.Map.Entry::getValue)
			.findFirst();
	}

	int limitStatus() {
		return limitStatus.get();
	}

	boolean takeEmptyBody() {
		return emptyNextBody.getAndSet(false);
	}

	int takeServerError() {
		return take(serverErrors) ? serverErrorStatus.get() : 0;
	}

	boolean takeConnectionReset() {
		return take(connectionResets);
	}

	Duration takeDelay() {
		return take(delayed) ? delay.get() : Duration.ZERO;
	}

	boolean takeKeyRotation() {
		return take(keyRotations);
	}

	boolean unauthorized() {
		return unauthorized.get();
	}

	String takeRedirect() {
		return redirectTo.getAndSet(null);
	}

	/** Called after a secret PUT was carried out: blocks while this is the held one. */
	void afterSecretPut() {
		if (secretPutsBeforeHold.get() > 0 && secretPutsBeforeHold.decrementAndGet() == 0) {
			held.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static boolean take(AtomicInteger counter) {
		return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
	}

}
