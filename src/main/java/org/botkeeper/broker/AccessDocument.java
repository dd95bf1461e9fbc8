package org.botkeeper.broker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.vault.AccessReview;
import org.botkeeper.vault.PolicyHolders;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultException;
import org.botkeeper.vault.VaultLayout;

/**
 * The access review of every asset, the repositories' tokens included ({@link AccessReview}), for
 * {@code botkeeper access} and the service's {@code /api/access} alike, and its JSON shape, which both
 * print: one object per asset with stable keys ({@code asset}, {@code path}, {@code capability},
 * {@code checks}, {@code grants}, each grant with {@code holders} and {@code holder_details}).
 */
public final class AccessDocument {

	/**
	 * One review.
	 *
	 * @param problems what was left out and why (per-repository tokens when their list cannot be read)
	 */
	public record Review(AccessReview.Result result, List<String> problems) {
	}

	/** The columns of the review as a table for people: {@code access --format markdown} and serve's page. */
	public static final List<String> COLUMNS = List.of("Asset", "Holder", "Policy", "Auth method", "Since");

	private static final String NOBODY = "nobody found (only tokens created directly with this policy)";

	private AccessDocument() {
	}

	/**
	 * The rows under {@link #COLUMNS}: one per asset, holder and policy (an asset that several paths obtain
	 * lists a holder once per policy), "—" where Vault does not say.
	 */
	public static List<List<String>> rows(AccessReview.Result result) {
		Set<List<String>> rows = new LinkedHashSet<>();
		for (AccessReview.Finding finding : result.findings()) {
			for (AccessReview.Grant grant : finding.grants()) {
				if (grant.holders().isEmpty()) {
					rows.add(List.of(finding.asset().name(), NOBODY, grant.policy(), "—", "—"));
				}
				for (PolicyHolders.Holder holder : grant.holders()) {
					rows.add(List.of(finding.asset().name(), holder.label(), grant.policy(), holder.method(),
							holder.since()));
				}
			}
		}
		return new ArrayList<>(rows);
	}

	/** Reviews the account's assets and every repository Vault holds a token for; needs an operator token. */
	public static Review review(VaultConnection connection, VaultLayout layout, TokenDefaults defaults) {
		List<String> repositories = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		try {
			new TokenStore(connection, layout, defaults, "an operator policy").list()
				.forEach(repository -> repositories.add(repository.toString()));
		}
		catch (VaultException ex) {
			problems.add("Per-repository tokens are left out: " + ex.getMessage());
		}
		AccessReview review = new AccessReview(connection, layout);
		return new Review(review.review(review.assets(repositories)), List.copyOf(problems));
	}

	public static List<Map<String, Object>> of(AccessReview.Result result) {
		return result.findings().stream().map(AccessDocument::finding).toList();
	}

	private static Map<String, Object> finding(AccessReview.Finding finding) {
		Map<String, Object> node = new LinkedHashMap<>();
		AccessReview.Check first = finding.asset().checks().getFirst();
		node.put("asset", finding.asset().name());
		node.put("path", first.path());
		node.put("capability", String.join("|", first.capabilities()));
		node.put("checks", finding.asset().checks().stream().map(check -> {
			Map<String, Object> c = new LinkedHashMap<>();
			c.put("path", check.path());
			c.put("any_of", check.capabilities());
			c.put("note", check.note());
			return c;
		}).toList());
		node.put("grants", finding.grants().stream().map(grant -> {
			Map<String, Object> g = new LinkedHashMap<>();
			g.put("policy", grant.policy());
			g.put("path", grant.check().path());
			g.put("capabilities", grant.capabilities());
			g.put("holders", grant.holders().stream().map(PolicyHolders.Holder::label).toList());
			g.put("holder_details", grant.holders().stream().map(AccessDocument::holder).toList());
			return g;
		}).toList());
		return node;
	}

	/** One holder; the times are null where Vault does not record them (every auth method's roles and users). */
	private static Map<String, Object> holder(PolicyHolders.Holder holder) {
		Map<String, Object> h = new LinkedHashMap<>();
		h.put("holder", holder.label());
		h.put("kind", holder.kind());
		h.put("name", holder.name());
		h.put("auth_method", holder.method());
		h.put("creation_time", time(holder.created()));
		h.put("last_update_time", time(holder.updated()));
		return h;
	}

	private static String time(Instant instant) {
		return instant == null ? null : instant.toString();
	}

}
