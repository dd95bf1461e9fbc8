package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An organisation's fine-grained personal access tokens as its owners see them: the tokens granted
 * access to its resources and the pending requests for access, as the
 * <a href="https://docs.github.com/en/rest/orgs/personal-access-tokens">personal access tokens</a>
 * endpoints list them. Revoking a grant removes it; reviewing a request removes it from the pending
 * list and, when approved, turns it into a grant, as GitHub does.
 */
public final class SimOrgTokens {

	/**
	 * A token's access to the organisation ({@code id} is GitHub's {@code pat_id}); {@code repositories}
	 * are {@code owner/name}, empty with {@code all}; {@code lastUsedAt} may be null (never used).
	 */
	public record Grant(long id, String organisation, String owner, long tokenId, String tokenName, boolean all,
			List<String> repositories, Instant grantedAt, Instant expiresAt, Instant lastUsedAt) {

		public Grant {
			repositories = List.copyOf(repositories);
		}

	}

	/** A pending request for access ({@code id} is GitHub's {@code pat_request_id}); {@code reason} may be null. */
	public record Request(long id, String organisation, String owner, long tokenId, String tokenName, boolean all,
			List<String> repositories, Instant createdAt, Instant expiresAt, String reason) {

		public Request {
			repositories = List.copyOf(repositories);
		}

	}

	/** How a request was reviewed: {@code approve} or {@code deny}, and the reason given (may be null). */
	public record Review(String action, String reason) {
	}

	private final AtomicLong ids = new AtomicLong(7000);

	private final Map<Long, Grant> grants = new ConcurrentHashMap<>();

	private final Map<Long, Request> requests = new ConcurrentHashMap<>();

	private final Map<Long, Review> reviews = new ConcurrentHashMap<>();

	private final List<Long> revoked = java.util.Collections.synchronizedList(new ArrayList<>());

	SimOrgTokens() {
	}

	/** Grants a token of {@code owner} access to {@code repositories} of {@code organisation} (none: all); its pat_id. */
	public long grant(String organisation, String owner, String tokenName, Instant grantedAt, Instant expiresAt,
			Instant lastUsedAt, String... repositories) {
		long id = ids.incrementAndGet();
		grants.put(id, new Grant(id, organisation, owner, ids.incrementAndGet(), tokenName, repositories.length == 0,
				List.of(repositories), grantedAt, expiresAt, lastUsedAt));
		return id;
	}

	/**
	 * A pending request of {@code owner}'s new token for {@code repositories} (none: all), with the
	 * requester's {@code reason} (may be null); its pat_request_id.
	 */
	public long request(String organisation, String owner, String tokenName, String reason, Instant createdAt,
			Instant expiresAt, String... repositories) {
		long id = ids.incrementAndGet();
		requests.put(id, new Request(id, organisation, owner, ids.incrementAndGet(), tokenName,
				repositories.length == 0, List.of(repositories), createdAt, expiresAt, reason));
		return id;
	}

	/** The pat_ids revoked so far, in order. */
	public List<Long> revoked() {
		return List.copyOf(revoked);
	}

	/** How request {@code id} was reviewed; empty while it is pending (or unknown). */
	public Optional<Review> review(long id) {
		return Optional.ofNullable(reviews.get(id));
	}

	List<Grant> grants(String organisation) {
		return grants.values().stream().filter(grant -> grant.organisation().equalsIgnoreCase(organisation))
			.sorted(Comparator.comparingLong(Grant::id)).toList();
	}

	List<Request> requests(String organisation) {
		return requests.values().stream().filter(request -> request.organisation().equalsIgnoreCase(organisation))
			.sorted(Comparator.comparingLong(Request::id)).toList();
	}

	Optional<Grant> grant(String organisation, long id) {
		return Optional.ofNullable(grants.get(id)).filter(grant -> grant.organisation().equalsIgnoreCase(organisation));
	}

	Optional<Request> request(String organisation, long id) {
		return Optional.ofNullable(requests.get(id))
			.filter(request -> request.organisation().equalsIgnoreCase(organisation));
	}

	boolean revoke(String organisation, long id) {
		if (grant(organisation, id).isEmpty()) {
			return false;
		}
		grants.remove(id);
		revoked.add(id);
		return true;
	}

	/** Reviews a pending request; an approved one becomes a grant of its token, granted {@code now}. */
	boolean review(String organisation, long id, String action, String reason, Instant now) {
		Optional<Request> found = request(organisation, id);
		if (found.isEmpty()) {
			return false;
		}
		Request request = found.get();
		requests.remove(id);
		reviews.put(id, new Review(action, reason));
		if (action.equals("approve")) {
			long grantId = ids.incrementAndGet();
			grants.put(grantId, new Grant(grantId, request.organisation(), request.owner(), request.tokenId(),
					request.tokenName(), request.all(), request.repositories(), now, request.expiresAt(), null));
		}
		return true;
	}

}
