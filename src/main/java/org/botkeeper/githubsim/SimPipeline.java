package org.botkeeper.githubsim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The order GitHub applies things in: credentials (401), injected server faults, the primary then the
 * secondary rate limits of the caller's identity ({@link SimRateLimits}), the route, then ETags (a
 * matching {@code If-None-Match} turns a 200 into a 304 that costs no primary point) and the headers
 * GitHub sends on every answer.
 */
final class SimPipeline {

	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final GitHubSimulator simulator;

	private final EnvironmentRoutes environmentRoutes;

	private final AccountRoutes accountRoutes;

	private final IssueRoutes issueRoutes;

	SimPipeline(GitHubSimulator simulator, EnvironmentRoutes environmentRoutes, IssueRoutes issueRoutes,
			AccountRoutes accountRoutes) {
		this.issueRoutes = issueRoutes;
		this.simulator = simulator;
		this.environmentRoutes = environmentRoutes;
		this.accountRoutes = accountRoutes;
	}

	SimResponse serve(SimExchange request, String authorization, String ifNoneMatch) {
		Instant now = simulator.options().clock().instant();
		String credential = authorization == null ? "" : authorization.replaceFirst("^(?i)(bearer|token)\\s+", "");
		String caller;
		Optional<SimCredentials.TokenInfo> token = Optional.empty();
		if (credential.isEmpty() && request.method().equals("GET") && request.segments().size() == 2
				&& request.segment(0).equals("orgs")) {
			// Public organisation profiles are readable without a token, as on GitHub, within the address's budget.
			return limited(SimRateLimits.ANONYMOUS, request, now, Optional.empty(),
					() -> simulator.peopleRoutes().serve(new SimExchange(request.method(), request.segments(),
							request.query(), "anonymous", request.body())));
		}
		if (simulator.faults().unauthorized() || credential.isEmpty()) {
			return SimResponse.error(401, credential.isEmpty() ? "Requires authentication" : "Bad credentials");
		}
		if (!request.segments().isEmpty() && request.segment(0).equals("app")) {
			Optional<String> app = simulator.credentials().verifyJwt(credential);
			if (app.isEmpty()) {
				return SimResponse.error(401, "A JSON web token could not be decoded");
			}
			caller = app.get();
		}
		else {
			token = simulator.credentials().token(credential);
			if (token.isEmpty()) {
				return SimResponse.error(401, "Bad credentials");
			}
			caller = credential;
		}
		int fault = simulator.faults().takeServerError();
		if (fault != 0) {
			return SimResponse.error(fault, "Server Error");
		}
		String path = "/" + String.join("/", request.segments());
		Optional<SimFaults.PathFault> pathFault = simulator.faults().onPath(path);
		if (pathFault.isPresent() && pathFault.get().status() != 0) {
			return SimResponse.error(pathFault.get().status(), "Server Error");
		}
		String redirect = simulator.faults().takeRedirect();
		if (redirect != null) {
			return SimResponse.empty(302).header("Location", redirect);
		}
		String identity = identity(caller, credential, token.isPresent());
		Optional<SimCredentials.TokenInfo> info = token;
		return limited(identity, request, now, info, () -> {
			SimExchange routed = new SimExchange(request.method(), request.segments(), request.query(), caller,
					request.body());
			SimResponse response = environmentRoutes.serve(routed);
			if (response == null) {
				response = simulator.secretRoutes().serve(routed);
			}
			if (response == null) {
				response = issueRoutes.serve(routed);
			}
			if (response == null) {
				response = accountRoutes.serve(routed);
			}
			if (response == null) {
				response = simulator.orgTokenRoutes().serve(routed);
			}
			if (response == null) {
				response = simulator.membershipRoutes().serve(routed);
			}
			if (response == null) {
				response = simulator.peopleRoutes().serve(routed);
			}
			if (response == null) {
				response = SimResponse.notFound();
			}
			if (response.status() == 200 && response.body() != null && simulator.faults().takeEmptyBody()) {
				response = SimResponse.json(200, "{}");
			}
			if (response.status() / 100 == 2 && response.body() != null && pathFault.isPresent()
					&& pathFault.get().body() != null) {
				// Sent without an ETag, so that no client keeps the odd body for a later 304.
				return SimResponse.json(200, pathFault.get().body());
			}
			if (request.method().equals("GET") && response.status() == 200) {
				String etag = "W/\"" + sha256(response.body()) + "\"";
				if (ifNoneMatch != null && strip(ifNoneMatch).equals(strip(etag))) {
					return SimResponse.empty(304).header("ETag", etag);
				}
				response.header("ETag", etag);
			}
			return response;
		});
	}

	/**
	 * Serves {@code route} for {@code identity} when every limit admits the request, charging a primary
	 * point for every answer but a 304; otherwise answers as GitHub does when a limit is reached: 403 (or
	 * 429, {@link SimFaults#rateLimitStatus}) with {@code x-ratelimit-remaining: 0} for the primary limit,
	 * or a secondary-limit message and, when switched on, {@code retry-after}.
	 */
	private SimResponse limited(String identity, SimExchange request, Instant now,
			Optional<SimCredentials.TokenInfo> token, java.util.function.Supplier<SimResponse> route) {
		SimRateLimits limits = simulator.limits();
		SimCounters counters = simulator.counters();
		SimRateLimits.Admission admission = limits.admit(identity, request.method(), now, counters);
		SimRateLimits.Budget budget = admission.budget();
		if (!admission.admitted()) {
			counters.violation(admission.refusedBy().label);
			return withLimitHeaders(refusal(admission, identity), budget, token);
		}
		long started = System.nanoTime();
		SimResponse response;
		try {
			Duration service = limits.options().serviceTime();
			if (!service.isZero()) {
				try {
					Thread.sleep(service);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			response = route.get();
			if (response.status() != 304) {
				limits.charge(budget, counters);
				counters.charged();
			}
		}
		finally {
			limits.release(budget, simulator.options().clock().instant(), (System.nanoTime() - started) / 1_000_000,
					counters);
		}
		return withLimitHeaders(response, budget, token);
	}

	private SimResponse refusal(SimRateLimits.Admission admission, String identity) {
		int status = simulator.faults().limitStatus();
		if (admission.refusedBy().primary()) {
			// GitHub: "x-ratelimit-remaining" is 0 and "x-ratelimit-reset" says when to come back; no retry-after.
			return SimResponse.error(status, "API rate limit exceeded for " + (identity.equals(SimRateLimits.ANONYMOUS)
					? "127.0.0.1" : identity) + ". Check out the documentation for more details.");
		}
		boolean content = admission.refusedBy() == SimRateLimits.Kind.CONTENT_PER_MINUTE
				|| admission.refusedBy() == SimRateLimits.Kind.CONTENT_PER_HOUR;
		SimResponse refused = SimResponse.error(status, content
				? "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
						+ "Please retry your request again later."
				: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
		if (simulator.limits().options().secondaryRetryAfter()) {
			refused.header("retry-after", Long.toString(Math.max(1, (admission.retryIn().toMillis() + 999) / 1000)));
		}
		return refused;
	}

	/**
	 * Whose budget a request spends: the App installation for its tokens (every token minted for it), the
	 * App for its JWT, the person for a person's token, else the token itself (a user the simulator knows
	 * no more about).
	 */
	private String identity(String caller, String credential, boolean token) {
		if (!token) {
			return "app " + caller;
		}
		Optional<SimCredentials.InstallationScope> installation = simulator.credentials().installationScope(credential);
		if (installation.isPresent()) {
			return "installation " + installation.get().installationId();
		}
		return simulator.people().byToken(credential).map(person -> "user " + person.login())
			.orElseGet(() -> "token " + sha256(credential));
	}

	private SimResponse withLimitHeaders(SimResponse response, SimRateLimits.Budget budget,
			Optional<SimCredentials.TokenInfo> token) {
		simulator.limits().headers(budget).forEach(response::header);
		response.header("x-github-api-version-selected", "2022-11-28");
		token.ifPresent(info -> {
			if (info.expiresAt() != null) {
				response.header("github-authentication-token-expiration", EXPIRATION.format(info.expiresAt()));
			}
			if (info.scopes() != null) {
				response.header("x-oauth-scopes", info.scopes());
			}
		});
		return response;
	}

	private static String strip(String etag) {
		return etag.strip().replaceFirst("^W/", "");
	}

	private static String sha256(String body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
