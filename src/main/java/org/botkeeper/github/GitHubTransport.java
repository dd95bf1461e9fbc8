package org.botkeeper.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one HTTP stack every GitHub call goes through: auth, GitHub's headers, conditional
 * reads, rate limits and every budget of its {@link RequestGate}, bounded retries, same-origin redirects,
 * the 401 latch and the gate's {@link GitHubCircuit} (no calls while GitHub is failing), following
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api">GitHub's
 * REST best practices</a>.
 */
public final class GitHubTransport {

	static final String API_VERSION = "2022-11-28";

	private static final int MAX_REDIRECTS = 5;

	private final GitHubApi api;

	private final GitHubCredential credential;

	private final GitHubLimits limits;

	private final HttpClient http;

	private final Clock clock;

	private final Sleeper sleeper;

	private final String userAgent;

	private final RequestGate gate;

	private final ConditionalCache cache;

	private final AuthenticationLatch latch = new AuthenticationLatch();

	private final AtomicReference<TokenIntrospection> introspection = new AtomicReference<>();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong notModified = new AtomicLong();

	private final GitHubObserver observer;

	GitHubTransport(GitHubApi api, GitHubCredential credential, HttpClient http, RequestGate gate, String userAgent,
			GitHubObserver observer) {
		this(api, credential, http, gate, userAgent, observer, new ConditionalCache(ConditionalCache.MIN_CAPACITY));
	}

	private GitHubTransport(GitHubApi api, GitHubCredential credential, HttpClient http, RequestGate gate,
			String userAgent, GitHubObserver observer, ConditionalCache cache) {
		this.observer = observer;
		this.api = api;
		this.credential = credential;
		this.limits = gate.limits();
		this.http = http;
		this.clock = gate.clock();
		this.sleeper = gate.sleeper();
		this.userAgent = userAgent;
		this.gate = gate;
		this.cache = cache;
	}

	/**
	 * The same API, HTTP client, request gate and ETag cache with another credential (a freshly read
	 * writer, a newly minted installation token), and a fresh 401 latch: the next run's reads stay
	 * conditional (304s cost no primary points), a rate-limit wait carries over, and every budget holds
	 * across runs.
	 */
	GitHubTransport withCredential(GitHubCredential newCredential) {
		return new GitHubTransport(api, newCredential, http, gate, userAgent, observer, cache);
	}

	/** Sends {@code request}, waiting and retrying within the limits; a non-2xx outcome throws. */
	public GitHubResponse send(GitHubRequest request) {
		latch.check(request.action());
		try {
			return exchange(request);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GitHubException("Cannot " + request.action() + ": interrupted while waiting.", 0, ex);
		}
	}

	private GitHubResponse exchange(GitHubRequest request) throws InterruptedException {
		String authorization = request.authorization() != null ? request.authorization() : credential.authorization();
		URI uri = api.resolve(request.path());
		String identity = identity(request);
		int limitRetries = 0;
		int serverRetries = 0;
		int redirects = 0;
		while (true) {
			latch.check(request.action());
			ConditionalCache.Entry cached = request.method().equals("GET") ? cache.get(uri) : null;
			HttpResponse<String> response;
			try {
				response = sendOnce(request, identity, uri, authorization, cached);
			}
			catch (IOException ex) {
				observer.answered(request.method(), 0);
				serverRetries++;
				if (serverRetries > limits.maxServerErrorRetries()) {
					throw new GitHubUnavailableException("Cannot " + request.action() + ": no answer from GitHub after "
							+ serverRetries + " tries (" + ex.getClass().getSimpleName() + ").", 0, ex);
				}
				sleeper.sleep(limits.serverErrorBackoff().multipliedBy(1L << (serverRetries - 1)));
				continue;
			}
			int status = response.statusCode();
			observer.answered(request.method(), status);
			if (request.authorization() == null) {
				introspection.set(TokenIntrospection.of(credential.kind(), response.headers()));
			}
			holdBackWhenQuotaSpent(response, identity);
			if (status == 304 && cached != null) {
				notModified.incrementAndGet();
				return new GitHubResponse(200, response.headers(), cached.body(), true, Optional.of(cached.etag()));
			}
			if (status == 304 && known(request, cached) != null) {
				notModified.incrementAndGet();
				return new GitHubResponse(304, response.headers(), null, true, Optional.of(request.knownEtag()));
			}
			if (status == 301 || status == 302 || status == 307 || status == 308) {
				uri = redirectTarget(request, uri, response, ++redirects);
				continue;
			}
			if (status == 401) {
				latch.trip(request.action());
				throw new GitHubUnauthorizedException("Cannot " + request.action() + ": GitHub returned 401 for the "
						+ (request.authorization() != null ? "GitHub App JWT" : credential.kind().description())
						+ ". It is revoked, expired or wrong; no further GitHub calls are made in this run.");
			}
			Optional<RateLimitSignal> limit = RateLimitSignal.of(status, response.headers(), response.body(),
					clock.instant());
			if (limit.isPresent()) {
				limitRetries++;
				if (limitRetries > limits.maxLimitRetries()) {
					throw new GitHubRateLimitException("Cannot " + request.action() + ": GitHub's "
							+ (limit.get().primary() ? "primary" : "secondary") + " rate limit persisted after "
							+ limits.maxLimitRetries() + " waits. Run again later.", status);
				}
				Duration wait = limit.get().waitBefore(limitRetries, limits.secondaryLimitWait(), clock.instant());
				observer.rateLimitWait(limit.get().primary(), wait);
				if (limit.get().primary()) {
					gate.closeUntil(identity, clock.instant().plus(wait));
				}
				else {
					gate.closeUntil(clock.instant().plus(wait));
				}
				continue;
			}
			if (status >= 500) {
				serverRetries++;
				if (serverRetries > limits.maxServerErrorRetries()) {
					throw new GitHubUnavailableException("Cannot " + request.action() + ": GitHub returned " + status
							+ " on " + serverRetries + " tries. GitHub may be having an outage; run again later.", status,
							null);
				}
				sleeper.sleep(limits.serverErrorBackoff().multipliedBy(1L << (serverRetries - 1)));
				continue;
			}
			if (status >= 200 && status < 300) {
				Optional<String> etag = response.headers().firstValue("etag").filter(value -> !value.isBlank());
				if (request.method().equals("GET")) {
					cache.put(uri, etag.orElse(null), response.body());
				}
				return new GitHubResponse(status, response.headers(), response.body(), false, etag);
			}
			throw ErrorMessages.forStatus(request, status, response.body(), response.headers());
		}
	}

	/**
	 * The ETag an earlier process recorded, asked about only when this process has nothing cached for the
	 * URL: what it cached is at least as recent, and comes with a body.
	 */
	private static String known(GitHubRequest request, ConditionalCache.Entry cached) {
		return cached == null && request.method().equals("GET") ? request.knownEtag() : null;
	}

	/**
	 * When an answer says the primary quota is spent, hold this identity's requests back until its reset
	 * at once, so the next one waits instead of drawing a 403 (which GitHub counts against the integration).
	 */
	private void holdBackWhenQuotaSpent(HttpResponse<String> response, String identity) {
		if (response.headers().firstValue("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isEmpty()) {
			return;
		}
		response.headers().firstValue("x-ratelimit-reset").ifPresent(reset -> {
			try {
				gate.closeUntil(identity, java.time.Instant.ofEpochSecond(Long.parseLong(reset.strip())).plusSeconds(1));
			}
			catch (NumberFormatException ex) {
				// Without a reset time, the 403 path's own wait applies.
			}
		});
	}

	/**
	 * Whose primary quota a request spends: the App's when it carries the App's JWT (the only use of
	 * {@link GitHubRequest#authorization()}), else the connection credential's identity.
	 */
	private String identity(GitHubRequest request) {
		return request.authorization() != null ? "app" : credential.rateLimitIdentity();
	}

	private HttpResponse<String> sendOnce(GitHubRequest request, String identity, URI uri, String authorization,
			ConditionalCache.Entry cached) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(limits.readTimeout())
			.header("Accept", "application/vnd.github+json")
			.header("X-GitHub-Api-Version", API_VERSION)
			.header("User-Agent", userAgent)
			.header("Authorization", authorization);
		if (cached != null) {
			builder.header("If-None-Match", cached.etag());
		}
		else if (known(request, cached) != null) {
			builder.header("If-None-Match", request.knownEtag());
		}
		if (request.jsonBody() != null) {
			builder.header("Content-Type", "application/json")
				.method(request.method(), HttpRequest.BodyPublishers.ofString(request.jsonBody()));
		}
		else {
			builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
		}
		GitHubCircuit circuit = gate.circuit();
		circuit.enter(request.action());
		Instant start = null;
		try (RequestGate.Pass pass = gate.enter(identity, request.mutating())) {
			sent.incrementAndGet();
			start = clock.instant();
			HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			circuit.answered(response.statusCode(), Duration.between(start, clock.instant()));
			return response;
		}
		catch (IOException ex) {
			circuit.noAnswer(ex, Duration.between(start, clock.instant()));
			throw ex;
		}
		catch (InterruptedException | RuntimeException ex) {
			circuit.notSent();
			throw ex;
		}
	}

	private URI redirectTarget(GitHubRequest request, URI from, HttpResponse<String> response, int redirects) {
		String location = response.headers().firstValue("location").orElse(null);
		if (location == null || redirects > MAX_REDIRECTS) {
			throw new GitHubException("Cannot " + request.action() + ": GitHub returned " + response.statusCode()
					+ (location == null ? " without a Location." : " too many times."), response.statusCode());
		}
		URI target = from.resolve(location);
		// The credential goes to the API origin only: a redirect elsewhere is not followed at all.
		if (!api.isSameOrigin(target)) {
			throw new GitHubException("Cannot " + request.action() + ": GitHub redirected to another origin ("
					+ target.getScheme() + "://" + target.getHost() + "); not followed, so the credential is not sent "
					+ "there.", response.statusCode());
		}
		return target;
	}

	/**
	 * True when anything answers HTTP at the API's base URL: one try, no credential sent, no retry. Tells
	 * "GitHub cannot be reached at all" (a wrong GITHUB_API_URL, no network) from "this one request
	 * failed" after a request got no answer.
	 */
	public boolean answers() {
		try (RequestGate.Pass pass = gate.enter("anonymous", false)) {
			http.send(HttpRequest.newBuilder(api.resolve("/"))
				.timeout(limits.readTimeout())
				.header("User-Agent", userAgent)
				.GET()
				.build(), HttpResponse.BodyHandlers.discarding());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** What the last response said about the connection's own credential; empty before any call. */
	public Optional<TokenIntrospection> introspection() {
		return Optional.ofNullable(introspection.get());
	}

	/**
	 * Sizes the ETag cache (shared with every {@link #withCredential} copy) for a sync of {@code bindings}:
	 * it grows, never shrinks.
	 */
	public void holdEtagsFor(int bindings) {
		cache.holdFor(bindings);
	}

	/** Requests actually sent to GitHub (each try counts). */
	public long requestsSent() {
		return sent.get();
	}

	/** Conditional reads GitHub answered 304 (free of primary quota). */
	public long notModifiedAnswers() {
		return notModified.get();
	}

	/** True once a 401 stopped all further calls. */
	public boolean stopped() {
		return latch.tripped();
	}

	GitHubApi api() {
		return api;
	}

	GitHubCredential credential() {
		return credential;
	}

}
