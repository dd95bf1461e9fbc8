package org.botkeeper.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.vault.InitStep.Action;
import org.botkeeper.vault.InitStep.Planned;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * OIDC bindings: a GitHub Actions job of one repository, in one environment, logs in at
 * {@code auth/github-actions/} with its job's OIDC token and reads that binding's token record, and
 * nothing else; no secret is stored in GitHub. Per binding a JWT role bound to the claims that cannot
 * be forged or recycled ({@code repository} and its and its owner's numeric ids, so a deleted and
 * recreated or renamed repository does not inherit access; the {@code environment}, which GitHub puts
 * in the token only when the job names one; optionally {@code job_workflow_ref}), a mandatory audience,
 * a short token TTL, and a policy of its own that reads that one record.
 *
 * <p>Role and policy share one name, {@code botkeeper-oidc-owner--repo} (named for other mounts like
 * every botkeeper policy, {@link VaultLayout#policyName}); GitHub owner names never hold "--". Like
 * {@code vault init}, everything is read first, then written in order: the policy before the role
 * that grants it, and on disable the role before its policy, so a run that stops half-way never leaves
 * a role without its policy, and running it again continues.
 *
 * <p>The broker may log in here too, from a scheduled workflow of an infrastructure repository
 * ({@link BrokerJob}): one role per KV mount, {@code botkeeper-broker-actions}, that grants the broker
 * policy {@code vault init} wrote, to jobs of one workflow file on one branch of that repository.
 *
 * @see <a href="https://openbao.org/api-docs/auth/jwt/">JWT auth method API</a>
 */
public final class OidcBindings {

	/** How long a workflow's Vault token lives: long enough to read one secret. */
	public static final Duration TOKEN_TTL = Duration.ofMinutes(5);

	public static final Duration TOKEN_MAX_TTL = Duration.ofMinutes(10);

	/**
	 * How long the broker's Vault token lives, renewal included: the JWT login's token is not renewed,
	 * so this is the longest a workflow's sync may run (as long as an AppRole token of the broker lives
	 * between renewals), and the most a stolen one is good for.
	 */
	public static final int BROKER_TOKEN_MINUTES = 60;

	public static final Duration BROKER_TOKEN_TTL = Duration.ofMinutes(BROKER_TOKEN_MINUTES);

	/**
	 * The audience a role accepts unless told otherwise. Not GitHub's default (the owner's URL, which
	 * every action asking for a token without an audience gets, and may send to any cloud): a token
	 * minted for botkeeper is only good for botkeeper's Vault.
	 */
	public static final String DEFAULT_AUDIENCE = "botkeeper";

	/** The field of a token record that holds the token: what a workflow reads. */
	public static final String VALUE_FIELD = TokenRecord.VALUE;

	private static final String PREFIX = "botkeeper-oidc";

	private static final String ROLES = "auth/" + GitHubOidcSetup.PATH + "/role";

	private final VaultConnection connection;

	private final VaultLayout layout;

	private final OidcDelivery marks;

	public OidcBindings(VaultConnection connection, VaultLayout layout) {
		this.connection = connection;
		this.layout = layout;
		this.marks = new OidcDelivery(connection, layout, Policy.OPERATOR.policyName());
	}

	/**
	 * What a binding's role accepts.
	 *
	 * @param repository as GitHub spells it: the {@code repository} claim is compared as written
	 * @param workflowRef the {@code job_workflow_ref} the job must run, or null for any workflow
	 */
	public record Role(RepositoryName repository, long repositoryId, long ownerId, EnvironmentName environment,
			String workflowRef, String audience) {

		public Role {
			Objects.requireNonNull(repository);
			Objects.requireNonNull(environment);
			Objects.requireNonNull(audience);
		}

		/** The claims Vault requires, all as strings (GitHub sends the ids as strings too). */
		Map<String, String> claims() {
			Map<String, String> claims = new TreeMap<>();
			claims.put("repository", repository.owner() + "/" + repository.repo());
			claims.put("repository_id", Long.toString(repositoryId));
			claims.put("repository_owner_id", Long.toString(ownerId));
			claims.put("environment", environment.value());
			if (workflowRef != null) {
				claims.put("job_workflow_ref", workflowRef);
			}
			return claims;
		}

	}

	/**
	 * What the broker's role accepts: jobs of the infrastructure repository (by name and ids) that run
	 * {@code workflowRef}, a workflow file of that repository at a ref, which is also the run's
	 * {@code ref}: another workflow of the repository, or the same file on another branch, gets nothing.
	 *
	 * @param workflowRef {@code OWNER/REPO/PATH@REF}, as in the {@code job_workflow_ref} claim
	 */
	public record BrokerJob(RepositoryName repository, long repositoryId, long ownerId, String workflowRef,
			String audience) {

		public BrokerJob {
			Objects.requireNonNull(repository);
			Objects.requireNonNull(workflowRef);
			Objects.requireNonNull(audience);
			if (workflowRef.indexOf('@') < 0) {
				throw new IllegalArgumentException("a job_workflow_ref names its ref after '@'");
			}
		}

		Map<String, String> claims() {
			Map<String, String> claims = new TreeMap<>();
			claims.put("repository", repository.owner() + "/" + repository.repo());
			claims.put("repository_id", Long.toString(repositoryId));
			claims.put("repository_owner_id", Long.toString(ownerId));
			claims.put("job_workflow_ref", workflowRef);
			claims.put("ref", workflowRef.substring(workflowRef.lastIndexOf('@') + 1));
			return claims;
		}

	}

	/**
	 * A role on the mount, as {@code oidc list} shows it: its name and the claims it requires.
	 *
	 * @param broker whether it is the broker's role ({@code oidc broker}) rather than a binding's
	 */
	public record Listed(String name, Map<String, String> claims, List<String> audiences, String policy,
			boolean broker) {
	}

	/** The role's and the policy's name for {@code repository} under this layout. */
	public String name(RepositoryName repository) {
		String canonical = VaultLayout.canonical(repository);
		return layout.policyName(PREFIX) + "-" + canonical.replace("/", "--");
	}

	/** The broker's JWT role for {@code layout}: one per KV mount, whichever repository it is bound to. */
	public static String brokerName(VaultLayout layout) {
		return layout.policyName(Policy.BROKER.policyName()) + "-actions";
	}

	/** The API path a workflow of {@code repository} reads its token from. */
	public String secretPath(RepositoryName repository) {
		return layout.data(VaultLayout.tokenPath(repository));
	}

	/**
	 * The steps {@code oidc enable} takes (or, without {@code apply}, would take), and with {@code removeSecret} the mark that has the broker
	 * delete the binding's environment secret (written last: workflows can read the token by the time
	 * the broker acts on it). Without {@code removeSecret} a mark already there is left as it is.
	 *
	 * @param removeSecret when present, the mark to write, and the secret's name if known (for the plan)
	 */
	public List<InitStep> enable(Role role, Optional<RemoveSecret> removeSecret, boolean apply) {
		requireMount();
		String name = name(role.repository());
		List<Planned> steps = new ArrayList<>();
		refuseSameClaims(name, role.claims());
		steps.add(policy(name, role.repository()));
		steps.add(role(name, role.claims(), role.audience(), name, TOKEN_TTL, TOKEN_MAX_TTL));
		removeSecret.ifPresent(remove -> steps.add(mark(role, remove)));
		return run(steps, apply);
	}

	/**
	 * {@code --remove-secret}: when the mark is written, and the secret's name as the broker's ledger last
	 * recorded it, when this token may read it.
	 */
	public record RemoveSecret(Instant now, Optional<SecretName> secretName) {
	}

	private Planned mark(Role role, RemoveSecret remove) {
		RepositoryName repository = role.repository();
		Optional<OidcDelivery.Mark> current = marks.read(repository);
		String secret = remove.secretName().map(n -> "the environment secret " + n.value())
			.orElse("the environment secret botkeeper owns");
		String detail = "the broker's next sync deletes " + secret + " of " + repository + " in environment "
				+ role.environment() + " (only if botkeeper created it) and no longer creates it";
		String target = "oidc mark " + layout.kvMount() + "/" + VaultLayout.oidcPath(repository);
		if (current.filter(mark -> mark.environment().equals(role.environment())).isPresent()) {
			return Planned.unchanged(new InitStep(target, Action.UNCHANGED, detail));
		}
		return new Planned(new InitStep(target, current.isEmpty() ? Action.CREATE : Action.UPDATE, detail),
				() -> marks.write(new OidcDelivery.Mark(repository, role.environment(), remove.now())));
	}

	/**
	 * The step {@code oidc broker} takes: the broker's role, granting the broker policy that
	 * {@code vault init} wrote for this layout (refused when it is missing: a role that grants a
	 * missing policy logs in to nothing).
	 */
	public List<InitStep> enableBroker(BrokerJob job, boolean apply) {
		requireMount();
		String policy = layout.policyName(Policy.BROKER.policyName());
		if (readQuietly("sys/policies/acl/" + policy) == null) {
			throw new VaultException("Vault has no policy '" + policy + "' for the broker to be granted: run "
					+ "'botkeeper vault init' for this KV mount first. Nothing was changed.");
		}
		String name = brokerName(layout);
		refuseSameClaims(name, job.claims());
		return run(List.of(role(name, job.claims(), job.audience(), policy, BROKER_TOKEN_TTL, BROKER_TOKEN_TTL)),
				apply);
	}

	/** The step {@code oidc broker --remove} takes: the broker's role, not the policy {@code vault init} keeps. */
	public List<InitStep> removeBroker(boolean apply) {
		requireMount();
		return run(List.of(deleteRole(brokerName(layout), "the broker")), apply);
	}

	/**
	 * The steps {@code oidc disable} takes: the role, then its policy, then the mark of
	 * {@code --remove-secret}, so the broker pushes the token to the environment again; nothing when none
	 * exists.
	 */
	public List<InitStep> disable(RepositoryName repository, boolean apply) {
		requireMount();
		String name = name(repository);
		String policyPath = "sys/policies/acl/" + name;
		List<Planned> steps = new ArrayList<>();
		steps.add(deleteRole(name, "repository " + repository));
		InitStep policyStep = new InitStep("policy " + name, readQuietly(policyPath) == null ? Action.UNCHANGED
				: Action.DELETE, "reads " + secretPath(repository));
		steps.add(policyStep.changes() ? new Planned(policyStep, () -> call("delete", policyPath,
				() -> connection.template().delete(policyPath))) : Planned.unchanged(policyStep));
		InitStep markStep = new InitStep("oidc mark " + layout.kvMount() + "/" + VaultLayout.oidcPath(repository),
				marks.read(repository).isEmpty() ? Action.UNCHANGED : Action.DELETE,
				"the broker's next sync creates the environment secret of " + repository + " again");
		steps.add(markStep.changes() ? new Planned(markStep, () -> marks.remove(repository))
				: Planned.unchanged(markStep));
		return run(steps, apply);
	}

	/** Deletes role {@code name} when it exists. */
	private Planned deleteRole(String name, String detail) {
		String path = ROLES + "/" + name;
		InitStep step = new InitStep("jwt role " + name, readQuietly(path) == null ? Action.UNCHANGED : Action.DELETE,
				detail);
		return step.changes() ? new Planned(step, () -> call("delete", path, () -> connection.template().delete(path)))
				: Planned.unchanged(step);
	}

	/** The bindings' roles, and the broker's, on the mount for this layout, by name. */
	public List<Listed> list() {
		requireMount();
		List<Listed> roles = new ArrayList<>();
		for (String name : connection.list(access("list", ROLES), ROLES)) {
			boolean broker = name.equals(brokerName(layout));
			if (!broker && !name.startsWith(layout.policyName(PREFIX) + "-")) {
				continue;
			}
			Map<String, Object> data = readQuietly(ROLES + "/" + name);
			if (data == null) {
				continue;
			}
			Map<String, String> claims = claims(data.get("bound_claims"));
			// Another layout's role may share the prefix: ours is the one named for its repository here.
			RepositoryName repository = repository(claims.get("repository"));
			if (!broker && (repository == null || !name.equals(name(repository)))) {
				continue;
			}
			roles.add(new Listed(name, claims, strings(data.get("bound_audiences")), String.join(",",
					strings(data.get("token_policies"))), broker));
		}
		return roles;
	}

	private static RepositoryName repository(String text) {
		try {
			return text == null ? null : RepositoryName.parse(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private List<InitStep> run(List<Planned> steps, boolean apply) {
		List<InitStep> done = new ArrayList<>();
		for (Planned step : steps) {
			if (apply && step.write() != null) {
				step.write().run();
			}
			done.add(step.step());
		}
		return done;
	}

	private void requireMount() {
		Map<String, VaultMount> auths = connection.calls().run(access("read", "sys/auth"),
				() -> connection.template().opsForSys().getAuthMounts());
		VaultMount mount = auths.get(GitHubOidcSetup.PATH + "/");
		if (mount == null || !"jwt".equals(mount.getType())) {
			throw new VaultException("Vault has no JWT auth method at '" + GitHubOidcSetup.PATH + "/' for GitHub "
					+ "Actions' OIDC tokens: run 'botkeeper vault init --github-oidc' first. Nothing was changed.");
		}
	}

	/**
	 * Two roles with the same claims would let one job choose between them (and so between their
	 * policies): refused, whatever other role of botkeeper's (a binding's or a broker's) has them.
	 */
	private void refuseSameClaims(String name, Map<String, String> claims) {
		for (String other : connection.list(access("list", ROLES), ROLES)) {
			if (other.equals(name) || !(other.startsWith(PREFIX) || other.startsWith(Policy.BROKER.policyName()))) {
				continue;
			}
			Map<String, Object> data = readQuietly(ROLES + "/" + other);
			if (data != null && claims(data.get("bound_claims")).equals(claims)) {
				throw new VaultException("JWT role '" + other + "' already requires exactly these claims ("
						+ describe(claims) + "): two roles may never accept the same job. Disable it first, or bind "
						+ "this one to another environment or --workflow-ref. Nothing was changed.");
			}
		}
	}

	private Planned policy(String name, RepositoryName repository) {
		String path = "sys/policies/acl/" + name;
		String wanted = policyText(repository);
		Map<String, Object> existing = readQuietly(path);
		String current = existing == null || existing.get("policy") == null ? null : existing.get("policy").toString();
		String detail = "reads " + secretPath(repository) + " only";
		if (current != null && current.strip().equals(wanted.strip())) {
			return Planned.unchanged(new InitStep("policy " + name, Action.UNCHANGED, detail));
		}
		return new Planned(new InitStep("policy " + name, current == null ? Action.CREATE : Action.UPDATE, detail,
				PolicyDiff.lines(current, wanted)),
				() -> call("write", path, () -> connection.template().write(path, Map.of("policy", wanted))));
	}

	/** The policy of one binding's workflows: read that binding's token record, nothing else. */
	String policyText(RepositoryName repository) {
		return "# " + name(repository) + ": written by 'botkeeper oidc enable " + VaultLayout.canonical(repository)
				+ "'.\n# GitHub Actions jobs of that repository log in with their OIDC token and read its token record.\n"
				+ "path \"" + secretPath(repository) + "\" {\n  capabilities = [\"read\"]\n}\n";
	}

	/** JWT role {@code name}: jobs whose token carries {@code claims} and {@code audience} get {@code policy}. */
	private Planned role(String name, Map<String, String> claims, String audience, String policy, Duration ttl,
			Duration maxTtl) {
		String path = ROLES + "/" + name;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("role_type", "jwt");
		// sub names repository and environment: the entity alias, in Vault's audit log, says which job it was.
		body.put("user_claim", "sub");
		body.put("bound_audiences", List.of(audience));
		body.put("bound_claims_type", "string");
		body.put("bound_claims", claims);
		body.put("token_policies", List.of(policy));
		body.put("token_ttl", ttl.toSeconds());
		body.put("token_max_ttl", maxTtl.toSeconds());
		Map<String, Object> current = readQuietly(path);
		List<String> changes = current == null ? List.of() : changes(current, body);
		Action action = current == null ? Action.CREATE : changes.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
		String detail = describe(claims) + ", audience " + audience + (policy.equals(name) ? "" : ", policy " + policy)
				+ ", token ttl " + ttl.toMinutes() + "m" + (changes.isEmpty() ? "" : " (" + String.join(", ", changes) + ")");
		InitStep step = new InitStep("jwt role " + name, action, detail);
		return action == Action.UNCHANGED ? Planned.unchanged(step)
				: new Planned(step, () -> call("write", path, () -> connection.template().write(path, body)));
	}

	/** The settings of {@code wanted} that {@code current} (as Vault reads it back) differs in. */
	private static List<String> changes(Map<String, Object> current, Map<String, Object> wanted) {
		List<String> changes = new ArrayList<>();
		for (Map.Entry<String, Object> entry : wanted.entrySet()) {
			Object is = current.get(entry.getKey());
			Object want = entry.getValue();
			boolean same = switch (entry.getKey()) {
				case "bound_claims" -> claims(is).equals(want);
				case "bound_audiences", "token_policies" -> strings(is).equals(want);
				default -> is != null && is.toString().equals(want.toString());
			};
			if (!same) {
				changes.add(entry.getKey() + " changed");
			}
		}
		return changes;
	}

	private static Map<String, String> claims(Object value) {
		Map<String, String> claims = new TreeMap<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, claim) -> claims.put(String.valueOf(key),
					claim instanceof List<?> list && list.size() == 1 ? String.valueOf(list.get(0)) : String.valueOf(claim)));
		}
		return claims;
	}

	private static List<String> strings(Object value) {
		return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
	}

	private static String describe(Map<String, String> claims) {
		List<String> parts = new ArrayList<>();
		claims.forEach((key, value) -> parts.add(key + "=" + value));
		return String.join(", ", parts);
	}

	/** The data of {@code path}, or null when it does not exist. */
	private Map<String, Object> readQuietly(String path) {
		try {
			VaultResponse response = connection.template().read(path);
			return response == null ? null : response.getData();
		}
		catch (RuntimeException ex) {
			if (VaultCalls.status(ex) == 404) {
				return null;
			}
			throw connection.calls().translate(access("read", path), ex);
		}
	}

	private void call(String verb, String path, Runnable action) {
		connection.calls().run(access(verb, path), action);
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", VaultBootstrap.OPERATOR, false);
	}

}
