package org.botkeeper.github;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.RepositoryName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks, as the writer, what keeps a bound token from doing harm: the bot cannot push to the default
 * branch (<a href="https://docs.github.com/en/rest/branches/branch-protection">branch protection</a> with
 * required reviews or push restrictions that leave the bot out,
 * <a href="https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch">ruleset rules</a>, or a role
 * below write), the environment exists and only protected branches may deploy to it, and the token is
 * not also a repository or organisation secret that every workflow could read
 * (<a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>).
 *
 * <p>What a check reads may be refused to a writer that can sync: branch protection needs an admin or
 * Administration read, organisation secrets an organisation owner with {@code admin:org} or organisation
 * Secrets read. A 403 makes that one check {@link GuardrailFinding.Result#UNCHECKED UNCHECKED}, saying
 * what was refused and what the writer would need; the binding's other checks go on.
 */
public final class Guardrails {

	/** Ruleset rules that stop a direct push for anyone who is not a bypass actor. */
	private static final Set<String> BLOCKING_RULES = Set.of("update", "pull_request");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BRANCH_PROTECTION_NEEDS = "Reading branch protection needs an admin of the repository "
			+ "(a PAT) or Administration read (a GitHub App or a fine-grained token).";

	private static final String REPOSITORY_SECRETS_NEEDS = "Listing repository secrets needs write access to the "
			+ "repository and, for a GitHub App or a fine-grained token, Secrets read.";

	private final GitHubConnection writer;

	private final Optional<String> botLogin;

	private final boolean requireReviewers;

	/**
	 * @param botLogin the bot account's login, to tell whether push restrictions leave it out
	 * @param requireReviewers fail environments without required reviewers (otherwise only noted)
	 */
	public Guardrails(GitHubConnection writer, Optional<String> botLogin, boolean requireReviewers) {
		this.writer = writer;
		this.botLogin = botLogin.map(login -> login.toLowerCase(Locale.ROOT));
		this.requireReviewers = requireReviewers;
	}

	/**
	 * @param bot the bot's permissions on the repository, from its bound token; empty when the token
	 *        could not tell (revoked, no access): then the worst, write, is assumed
	 */
	public List<GuardrailFinding> check(Binding binding, Optional<TokenProbe.Permissions> bot) {
		List<GuardrailFinding> findings = new ArrayList<>();
		findings.add(defaultBranch(binding, bot));
		if (!binding.inEnvironment()) {
			// No environment to limit, and the secret-scope check (a same-named repository or organisation
			// secret beside the environment's) is about environment secrets.
			findings.add(outsideEnvironment(binding));
			return findings;
		}
		findings.addAll(environment(binding));
		findings.add(secretScope(binding));
		return findings;
	}

	/**
	 * A binding whose secret is not an environment's: nothing limits which branches read it, which is
	 * the guardrail an environment secret meets. Chosen on purpose perhaps, but said plainly.
	 */
	private static GuardrailFinding outsideEnvironment(Binding binding) {
		return GuardrailFinding.fail(binding, "environment", "the token is a " + binding.kind().description() + ": "
				+ binding.readers() + " can read it (no environment limits it to protected branches)",
				"If only deployments from protected branches need it, bind it to an environment: botkeeper token put "
						+ binding.repository() + " --destination environment --environment NAME (the next sync "
						+ "moves it; --prune deletes the old secret).");
	}

	private GuardrailFinding defaultBranch(Binding binding, Optional<TokenProbe.Permissions> bot) {
		String check = "default-branch";
		if (bot.isPresent() && !bot.get().push()) {
			return GuardrailFinding.pass(binding, check, "the bot's role is below write: it cannot push");
		}
		RepositoryName repository = binding.repository();
		String base = "/repos/" + repository.owner() + "/" + repository.repo();
		JsonNode repo = JSON.readTree(writer.transport().send(GitHubRequest.get(base, "read " + repository)).body());
		String branch = repo.path("default_branch").asString("main");
		boolean admin = bot.map(TokenProbe.Permissions::admin).orElse(false);
		Optional<JsonNode> protection = Optional.empty();
		Optional<GitHubForbiddenException> protectionRefused = Optional.empty();
		try {
			protection = optional(GitHubRequest.get(base + "/branches/" + PathSegment.encode(branch) + "/protection",
					"read the protection of " + repository + "@" + branch).forbiddenHint(BRANCH_PROTECTION_NEEDS));
		}
		catch (GitHubForbiddenException ex) {
			// A ruleset may still settle it below; else the check is left open, not failed.
			protectionRefused = Optional.of(ex);
		}
		if (protection.isPresent()) {
			JsonNode rules = protection.get();
			boolean enforceAdmins = rules.path("enforce_admins").path("enabled").asBoolean(false);
			if (rules.path("required_pull_request_reviews").isObject() && (!admin || enforceAdmins)) {
				return GuardrailFinding.pass(binding, check,
						"'" + branch + "' requires pull request reviews: the bot cannot push to it directly");
			}
			JsonNode restrictions = rules.path("restrictions");
			if (restrictions.isObject()) {
				Set<String> allowed = new HashSet<>();
				restrictions.path("users").forEach(user -> allowed.add(user.path("login").asString().toLowerCase(Locale.ROOT)));
				if (botLogin.isEmpty()) {
					return GuardrailFinding.fail(binding, check,
							"'" + branch + "' restricts who can push, but the bot's login is not configured",
							"Pass --bot-login LOGIN (or set BOTKEEPER_BOT_LOGIN) so the restriction can be checked.");
				}
				if (!allowed.contains(botLogin.get())) {
					return GuardrailFinding.pass(binding, check,
							"pushes to '" + branch + "' are restricted and the bot is not allowed");
				}
				return GuardrailFinding.fail(binding, check,
						"the bot '" + botLogin.get() + "' is among those allowed to push to '" + branch + "'",
						"Remove it from 'Restrict who can push to matching branches' in the branch protection rule.");
			}
		}
		Optional<JsonNode> rules = optional(GitHubRequest.get(base + "/rules/branches/" + PathSegment.encode(branch),
				"read the ruleset rules of " + repository + "@" + branch));
		if (rules.isPresent()) {
			for (JsonNode rule : rules.get()) {
				if (BLOCKING_RULES.contains(rule.path("type").asString())) {
					return GuardrailFinding.pass(binding, check, "a ruleset rule '" + rule.path("type").asString()
							+ "' on '" + branch + "' stops direct pushes (unless the bot is a bypass actor)");
				}
			}
		}
		if (protectionRefused.isPresent()) {
			return GuardrailFinding.unchecked(binding, check, "cannot tell whether the bot can push to '" + branch
					+ "' (no ruleset stops it, and its branch protection could not be read): "
					+ protectionRefused.get().getMessage(),
					"Give the writer Administration read on " + repository + " (a GitHub App: 'Administration: "
							+ "Read-only'; a PAT: of a repository admin), or check '" + branch
							+ "' by hand under Settings > Branches.");
		}
		String role = bot.isEmpty() ? "may have write access (its token could not tell)"
				: admin ? "is an admin" : "has write access";
		return GuardrailFinding.fail(binding, check,
				"the bot " + role + " and nothing stops it from pushing to '" + branch + "'",
				"Protect '" + branch + "' with required pull request reviews or push restrictions that leave the bot "
						+ "out (or a ruleset), or lower the bot's role to read.");
	}

	private List<GuardrailFinding> environment(Binding binding) {
		Optional<GitHubEnvironment> environment;
		try {
			environment = writer.environments().environment(binding.repository(), binding.environment());
		}
		catch (GitHubForbiddenException ex) {
			return List.of(GuardrailFinding.unchecked(binding, "environment", "environment '" + binding.environment()
					+ "' could not be read: " + ex.getMessage(), "Give the writer Actions read on " + binding.repository()
							+ " (a GitHub App: 'Actions: Read-only'), or check it by hand under Settings > Environments."));
		}
		if (environment.isEmpty()) {
			return List.of(GuardrailFinding.fail(binding, "environment",
					"environment '" + binding.environment() + "' does not exist",
					"Run 'botkeeper sync " + binding.repository() + "' (it creates the environment limited to "
							+ "protected branches)."));
		}
		List<GuardrailFinding> findings = new ArrayList<>();
		GitHubEnvironment env = environment.get();
		if (!env.restricted()) {
			findings.add(GuardrailFinding.fail(binding, "environment",
					"environment '" + binding.environment() + "' accepts deployments from every branch",
					"Limit it to protected branches: Settings > Environments > " + binding.environment()
							+ " > Deployment branches."));
		}
		else if (env.branchPolicy().get().customBranchPolicies()) {
			findings.add(GuardrailFinding.pass(binding, "environment", "environment '" + binding.environment()
					+ "' is limited to named branch patterns (check they match protected branches only)"));
		}
		else {
			findings.add(GuardrailFinding.pass(binding, "environment",
					"environment '" + binding.environment() + "' is limited to protected branches"));
		}
		if (env.requiresReviewers()) {
			findings.add(GuardrailFinding.pass(binding, "reviewers", "deployments need a reviewer's approval"));
		}
		else if (requireReviewers) {
			findings.add(GuardrailFinding.fail(binding, "reviewers", "deployments need no reviewer's approval",
					"Add required reviewers: Settings > Environments > " + binding.environment() + "."));
		}
		return findings;
	}

	private GuardrailFinding secretScope(Binding binding) {
		RepositoryName repository = binding.repository();
		String name = binding.secretName().value().toUpperCase(Locale.ROOT);
		Optional<JsonNode> repoSecrets;
		try {
			repoSecrets = optional(GitHubRequest.get(
					"/repos/" + repository.owner() + "/" + repository.repo() + "/actions/secrets?per_page=100",
					"list the repository secrets of " + repository).forbiddenHint(REPOSITORY_SECRETS_NEEDS));
		}
		catch (GitHubForbiddenException ex) {
			return GuardrailFinding.unchecked(binding, "secret-scope", "whether a repository or organisation secret "
					+ name + " exists too could not be checked: " + ex.getMessage(), "Give the writer Secrets read on "
							+ repository + " (a GitHub App: 'Secrets: Read-only'), or look under Settings > Secrets "
							+ "and variables > Actions by hand.");
		}
		if (repoSecrets.isPresent() && names(repoSecrets.get()).contains(name)) {
			return GuardrailFinding.fail(binding, "secret-scope",
					"a repository secret " + name + " exists too: every workflow can read it, not only the environment's jobs",
					"Delete it: gh secret delete " + name + " --repo " + repository);
		}
		// 404: the owner is a user, not an organisation; there are no organisation secrets.
		Optional<JsonNode> orgSecrets;
		try {
			orgSecrets = optional(GitHubRequest.get("/orgs/" + repository.owner() + "/actions/secrets?per_page=100",
					"list the organisation secrets of " + repository.owner())
				.forbiddenHint("Listing organisation secrets needs an owner of " + repository.owner() + ": a PAT with "
						+ "the admin:org scope, or a GitHub App or a fine-grained token with organisation Secrets read."));
		}
		catch (GitHubForbiddenException ex) {
			// A repository admin who is not an organisation owner syncs fine, and meets this here.
			return GuardrailFinding.unchecked(binding, "secret-scope", "there is no repository secret " + name
					+ ", but whether the organisation has one could not be checked: " + ex.getMessage(),
					"Run guardrails with a writer that may list " + repository.owner() + "'s secrets (an owner's PAT with "
							+ "admin:org, or an App with organisation Secrets read), or look for " + name + " under "
							+ repository.owner() + "'s Settings > Secrets and variables > Actions.");
		}
		if (orgSecrets.isPresent() && names(orgSecrets.get()).contains(name)) {
			return GuardrailFinding.fail(binding, "secret-scope",
					"an organisation secret " + name + " exists in " + repository.owner()
							+ ": workflows of other repositories can read it",
					"Delete it: gh secret delete " + name + " --org " + repository.owner());
		}
		return GuardrailFinding.pass(binding, "secret-scope",
				"the token is an environment secret only (no repository or organisation secret " + name + ")");
	}

	/**
	 * An organisation secret botkeeper keeps ({@code org-secret put}) must be visible to its selected
	 * repositories only: {@code all} or {@code private} lets workflows of every (private) repository of
	 * the organisation read the token. The next sync writes it back as {@code selected}; until then it
	 * fails here.
	 */
	public GuardrailFinding organisationSecret(OrgSecretTarget target) {
		String check = "secret-scope";
		Optional<OrganisationSecret> secret;
		try {
			secret = writer.organisationSecrets().secret(new SecretScope.Organisation(target.organisation()),
					target.secretName());
		}
		catch (GitHubForbiddenException ex) {
			return GuardrailFinding.of(target, check, GuardrailFinding.Result.UNCHECKED, "its visibility could not be "
					+ "read: " + ex.getMessage(), "Run guardrails with a writer that owns " + target.organisation()
							+ " (a PAT with admin:org, or an App with organisation Secrets read).");
		}
		if (secret.isEmpty()) {
			return GuardrailFinding.of(target, check, GuardrailFinding.Result.PASSED,
					"not on GitHub yet: 'botkeeper sync' creates it with visibility 'selected'", "");
		}
		OrganisationVisibility.Kind visibility = secret.get().visibility();
		if (visibility != OrganisationVisibility.Kind.SELECTED) {
			return GuardrailFinding.of(target, check, GuardrailFinding.Result.FAILED, "its visibility is '"
					+ visibility.value() + "': workflows of " + (visibility == OrganisationVisibility.Kind.ALL ? "every"
							: "every private") + " repository of " + target.organisation()
					+ " can read it, not only those of the selected repositories",
					"Run 'botkeeper sync --organisation " + target.organisation() + "': it writes the secret back with "
							+ "visibility 'selected' and the repositories in Vault.");
		}
		return GuardrailFinding.of(target, check, GuardrailFinding.Result.PASSED,
				"visible to its selected repositories only", "");
	}

	private static Set<String> names(JsonNode list) {
		Set<String> names = new HashSet<>();
		list.path("secrets").forEach(secret -> names.add(secret.path("name").asString().toUpperCase(Locale.ROOT)));
		return names;
	}

	/** The answer's JSON, or empty on 404. */
	private Optional<JsonNode> optional(GitHubRequest request) {
		try {
			return Optional.of(JSON.readTree(writer.transport().send(request).body()));
		}
		catch (GitHubNotFoundException ex) {
			return Optional.empty();
		}
	}

}
