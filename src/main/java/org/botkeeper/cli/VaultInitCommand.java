package org.botkeeper.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.config.ClearText;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AuditDeviceSetup;
import org.botkeeper.vault.BrokerRole;
import org.botkeeper.vault.GitHubAuthSetup;
import org.botkeeper.vault.GitHubOidcSetup;
import org.botkeeper.vault.InitStep;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultBootstrap;

import org.botkeeper.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper vault init [--plan]}: mounts, policies and the broker's AppRole, idempotently. */
@Command(name = "init", sortOptions = false,
		description = { "Sets Vault up for botkeeper: mounts, policies, the broker's AppRole.",
				"Mounts the KV v2 and TOTP engines, writes the policies botkeeper-admin, -broker, -auditor and",
				"-breakglass (from vault-policies/), enables AppRole and creates the role botkeeper-broker for the",
				"sync service: tokens live 1h, secret ids --secret-id-ttl (30d), optionally bound to networks",
				"(--secret-id-bound-cidrs, --token-bound-cidrs). Reads and checks everything first (--plan shows each",
				"policy's rule changes), then writes; a second run changes nothing. Other mounts than botkeeper/ and",
				"botkeeper-totp/ get policies and a role of their own (botkeeper-admin-MOUNT, ...), and a policy that",
				"grants another mount is never rewritten. --github-oidc also enables the JWT auth method for GitHub",
				"Actions' OIDC tokens (see 'botkeeper oidc'). --audit-file has Vault log who reads what (see 'botkeeper audit').",
				"Needs a root token or policy botkeeper-operator (vault-policies/botkeeper-operator.hcl).", "",
				"Examples:", "  botkeeper vault init --plan", "  botkeeper vault init --kv-mount secret-bots --format json",
				"  botkeeper vault init --github-oidc --plan", "  botkeeper vault init --audit-file /var/log/vault/audit.log" })
final class VaultInitCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Option(names = "--github-org", paramLabel = "ORG",
			description = "Let members of ORG's teams log in with their own GitHub token (HashiCorp Vault's GitHub auth method).")
	private String githubOrg;

	@Option(names = "--admin-team", paramLabel = "TEAM", description = "With --github-org: the team whose members get botkeeper-admin.")
	private String adminTeam;

	@Option(names = "--maintainer-team", paramLabel = "TEAM",
			description = "With --github-org: a team whose members get the maintainer policy named by --maintainer-policy.")
	private String maintainerTeam;

	@Option(names = "--maintainer-policy", paramLabel = "NAME", defaultValue = "botkeeper-maintainer",
			description = "The maintainer policy for --maintainer-team (write it with 'vault policy maintainer --write').")
	private String maintainerPolicy;

	@Option(names = "--github-api-url", paramLabel = "URL",
			description = "With --github-org: the GitHub API Vault asks who is in the team, https only (default https://api.github.com; "
					+ "GitHub Enterprise Server: https://HOST/api/v3). Never taken from $GITHUB_API_URL: it decides who becomes admin.")
	private String githubApiUrl;

	@Option(names = "--secret-id-ttl", paramLabel = "DURATION", defaultValue = "30d",
			description = "How long a secret id of the broker's AppRole lives (default ${DEFAULT-VALUE}; e.g. 7d, 720h). "
					+ "Give the broker a new one before it expires.")
	private String secretIdTtl;

	@Option(names = "--secret-id-bound-cidrs", paramLabel = "CIDR[,CIDR...]",
			description = "Networks the broker may log in from with its secret id, e.g. 10.1.2.0/24 (default: keep the role's; '' for any).")
	private String secretIdBoundCidrs;

	@Option(names = "--token-bound-cidrs", paramLabel = "CIDR[,CIDR...]",
			description = "Networks where the broker's Vault tokens work, e.g. 10.1.2.0/24 (default: keep the role's; '' for any).")
	private String tokenBoundCidrs;

	@Option(names = "--github-oidc",
			description = "Let GitHub Actions workflows log in with their job's OIDC token (JWT auth method at auth/"
					+ GitHubOidcSetup.PATH + "/); give bindings roles with 'botkeeper oidc enable'.")
	private boolean githubOidc;

	@Option(names = "--oidc-issuer", paramLabel = "URL",
			description = "With --github-oidc: the issuer of the Actions tokens, https only (default " + GitHubOidcSetup.GITHUB_ISSUER
					+ "; GitHub Enterprise Server: https://HOST/_services/token).")
	private String oidcIssuer;

	@Option(names = "--audit-file", paramLabel = "PATH",
			description = "Have Vault log every request to PATH on the server (a file audit device named "
					+ AuditDeviceSetup.NAME + "), for 'botkeeper audit'. HashiCorp Vault: enabled through the API (needs "
					+ "a root token or sudo on sys/audit). OpenBao takes audit devices only from its configuration: "
					+ "init checks that one writes to PATH, else prints the stanza to add and exits 1.")
	private String auditFile;

	/** What --github-org and friends ask for, checked before any request. */
	private record GitHubLogin(String org, String apiUrl, Map<String, String> teams) {
	}

	private BrokerRole brokerRole() {
		Duration ttl;
		try {
			ttl = Durations.parse(secretIdTtl.strip());
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("--secret-id-ttl '" + Printable.of(secretIdTtl, 40)
					+ "' is not a duration: write e.g. 30d, 720h or 90m.");
		}
		return new BrokerRole(ttl, BrokerRole.cidrs(secretIdBoundCidrs, "--secret-id-bound-cidrs"),
				BrokerRole.cidrs(tokenBoundCidrs, "--token-bound-cidrs"));
	}

	/**
	 * The GitHub API that Vault's GitHub auth method asks about team membership: whoever answers there
	 * decides who gets botkeeper-admin, so it is given explicitly (never inherited from GITHUB_API_URL).
	 */
	private String githubApiUrl() {
		if (githubApiUrl == null) {
			return null;
		}
		String text = trustedUrl("--github-api-url", githubApiUrl, "https://github.example.org/api/v3");
		return text.equals("https://api.github.com") || text.equals("https://api.github.com/") ? null : text;
	}

	/**
	 * The issuer whose tokens Vault's JWT auth method accepts: whoever signs there may log in to every
	 * OIDC role, so it is given explicitly, like --github-api-url.
	 */
	private String oidcIssuer() {
		if (oidcIssuer == null) {
			if (!githubOidc) {
				return null;
			}
			return GitHubOidcSetup.GITHUB_ISSUER;
		}
		if (!githubOidc) {
			throw UserFacingException.badInput("--oidc-issuer needs --github-oidc.");
		}
		return trustedUrl("--oidc-issuer", oidcIssuer, "https://github.example.org/_services/token");
	}

	/**
	 * A URL Vault trusts to decide who logs in: https (plain http only to this machine, for a local test
	 * server), with a host and no credentials, query or fragment.
	 */
	private static String trustedUrl(String option, String value, String example) {
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw UserFacingException.badInput(option + " '" + Printable.of(value, 80) + "' is not a URL: write e.g. "
					+ example + ".");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
		if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
				|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw UserFacingException.badInput(option + " must be an https URL with a host and nothing else, such as "
					+ example + " (no user, query or fragment).");
		}
		if (!ClearText.allowed(uri)) {
			throw UserFacingException.badInput(ClearText.refusal(option, uri));
		}
		return uri.toString();
	}

	private GitHubLogin githubLogin() {
		if (githubOrg == null) {
			if (adminTeam != null || maintainerTeam != null || githubApiUrl != null) {
				throw UserFacingException.badInput("--admin-team, --maintainer-team and --github-api-url need --github-org ORG.");
			}
			return null;
		}
		if (adminTeam == null) {
			throw UserFacingException.badInput("--github-org needs --admin-team TEAM: the team whose members get "
					+ "botkeeper-admin.");
		}
		java.util.regex.Pattern slug = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
		for (String name : java.util.Arrays.asList(githubOrg, adminTeam, maintainerTeam)) {
			if (name != null && !slug.matcher(name).matches()) {
				throw UserFacingException.badInput("Invalid GitHub organisation or team '" + name
						+ "': use its slug (letters, digits, '-', '_', '.').");
			}
		}
		Map<String, String> teams = new LinkedHashMap<>();
		teams.put(adminTeam, Policy.ADMIN.policyName());
		if (maintainerTeam != null) {
			teams.put(maintainerTeam, PolicyDocuments.checkName(maintainerPolicy));
		}
		return new GitHubLogin(githubOrg, githubApiUrl(), teams);
	}

	/** The audit log's path on the server, checked before any request: it goes into a configuration stanza as is. */
	private String auditFile() {
		if (auditFile == null) {
			return null;
		}
		String path = auditFile.strip();
		if (!AuditDeviceSetup.validPath(path)) {
			throw UserFacingException.badInput("--audit-file '" + Printable.of(auditFile, 200) + "' must be an absolute "
					+ "path on the Vault server, e.g. /var/log/vault/audit.log, without quotes, backslashes or '${'.");
		}
		return path;
	}

	@Override
	public void run() {
		GitHubLogin login = githubLogin();
		String audit = auditFile();
		String issuer = oidcIssuer();
		BrokerRole role = brokerRole();
		VaultOptions.Session session = context.open();
		if (login != null) {
			login.teams().replaceAll((team, policy) -> session.layout().policyName(policy));
		}
		VaultBootstrap bootstrap = new VaultBootstrap(session.connection(), session.layout(),
				login == null ? null : new GitHubAuthSetup(session.connection(), login.org(), login.apiUrl(), login.teams()),
				role, issuer == null ? null : new GitHubOidcSetup(session.connection(), issuer),
				audit == null ? null : new AuditDeviceSetup(session.connection(), audit));
		List<InitStep> steps = plan ? bootstrap.plan() : bootstrap.apply();
		boolean changes = steps.stream().anyMatch(InitStep::changes);
		PrintWriter out = context.out();
		if (table.json()) {
			Output.json(out, StepsView.json(plan, steps));
		}
		else {
			StepsView.table(out, table, plan, steps);
		}
		PrintWriter err = context.err();
		if (!changes) {
			err.println("Nothing changed: Vault is already set up for botkeeper.");
		}
		else if (plan) {
			err.println("Plan only; nothing was written. Run without --plan to apply.");
		}
		else {
			String roleName = VaultBootstrap.brokerRole(session.layout());
			err.println("Vault is set up. Give the broker its AppRole credentials: read auth/approle/role/" + roleName
					+ "/role-id and write -f auth/approle/role/" + roleName + "/secret-id (with the vault or bao CLI).");
		}
	}

}
