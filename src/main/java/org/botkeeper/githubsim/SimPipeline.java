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
 * The order GitHub applies things in: credentials (401), injected server faults, primary then
 * secondary rate limits, the route, then ETags (a matching {@code If-None-Match} turns a 200 into a
 * 304 that costs no primary point) and the headers GitHub sends on every answer.
 */
final class SimPipeline {

	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final GitHubSimulator simulator;

	private final EnvironmentRoutes environmentRoutes;

	private final AccountRoutes accountRoutes;

	SimPipeline(GitHubSimulator simulator, EnvironmentRoutes environmentRoutes, AccountRoutes accountRoutes) {
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
			// Public organisation profiles are readable without a token, as on GitHub.
			return simulator.peopleRoutes().serve(new SimExchange(request.method(), request.segments(), request.query(),
					"anonymous", request.body()));
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
		java.util.Optional<SimFaults.PathFault> pathFault = simulator.faults().onPath(path);
		if (pathFault.isPresent() && pathFault.get().status() != 0) {
			return SimResponse.error(pathFault.get().status(), "Server Error");
		}
		String redirect = simulator.faults().takeRedirect();
		if (redirect != null) {
			return SimResponse.empty(302).header("Location", redirect);
		}
		SimRateLimits limits = simulator.limits();
		SimRateLimits.Budget budget = limits.budget("app:" + caller, now);
		if (limits.primaryExhausted(budget)) {
			simulator.counters().violation();
			return withLimitHeaders(SimResponse.error(simulator.faults().limitStatus(), "API rate limit exceeded for installation. Check out the "
					+ "documentation for more details."), budget, token);
		}
		boolean mutating = !request.method().equals("GET") && !request.method().equals("HEAD");
		if (mutating) {
			Duration wait = limits.admitMutation(now);
			if (!wait.isZero()) {
				simulator.counters().violation();
				SimResponse limited = SimResponse.error(simulator.faults().limitStatus(), "You have exceeded a secondary rate limit. Please wait a "
						+ "few minutes before you try again.");
				if (limits.options().secondaryRetryAfter()) {
					limited.header("retry-after", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
				}
				return withLimitHeaders(limited, budget, token);
			}
		}
		SimExchange routed = new SimExchange(request.method(), request.segments(), request.query(), caller,
				request.body());
		SimResponse response = environmentRoutes.serve(routed);
		if (response == null) {
			response = accountRoutes.serve(routed);
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
			return withLimitHeaders(SimResponse.json(200, pathFault.get().body()), budget, token);
		}
		if (request.method().equals("GET") && response.status() == 200) {
			String etag = "W/\"" + sha256(response.body()) + "\"";
			if (ifNoneMatch != null && strip(ifNoneMatch).equals(strip(etag))) {
				return withLimitHeaders(SimResponse.empty(304).header("ETag", etag), budget, token);
			}
			response.header("ETag", etag);
		}
		limits.charge(budget);
		simulator.counters().charged();
		return withLimitHeaders(response, budget, token);
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
