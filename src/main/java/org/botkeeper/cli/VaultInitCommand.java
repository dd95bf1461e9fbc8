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
import org.botkeeper.vault.KubernetesAuthSetup;
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
				"Actions' OIDC tokens (see 'botkeeper oidc'). --kubernetes-host also enables the Kubernetes auth method",
				"and the role botkeeper-broker for serve in a pod, bound to one service account (see README, Helm).",
				"--audit-file has Vault log who reads what (see 'botkeeper audit').",
				"Needs a root token or policy botkeeper-operator (vault-policies/botkeeper-operator.hcl).", "",
				"Examples:", "  botkeeper vault init --plan", "  botkeeper vault init --kv-mount secret-bots --format json",
				"  botkeeper vault init --github-oidc --plan", "  botkeeper vault init --audit-file /var/log/vault/audit.log",
				"  botkeeper vault init --kubernetes-host https://10.0.0.1:443 --kubernetes-ca-file ca.crt \\",
				"      --kubernetes-service-account botkeeper --kubernetes-namespace botkeeper --plan" })
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

	@Option(names = "--kubernetes-host", paramLabel = "URL",
			description = "Let serve log in from a Kubernetes pod with its service-account token: the API server Vault asks "
					+ "whether a token is genuine (TokenReview), https only. Kubernetes auth method at auth/"
					+ KubernetesAuthSetup.PATH + "/, role botkeeper-broker.")
	private String kubernetesHost;

	@Option(names = "--kubernetes-ca-file", paramLabel = "PATH",
			description = "With --kubernetes-host, when Vault runs outside the cluster: the PEM CA of the API server "
					+ "(Vault then reviews a login with the pod's own token: bind its service account to system:auth-delegator). "
					+ "Without it, Vault uses its own pod's CA and token.")
	private java.nio.file.Path kubernetesCaFile;

	@Option(names = "--kubernetes-service-account", paramLabel = "NAME",
			description = "With --kubernetes-host: the service account serve's pods run as.")
	private String kubernetesServiceAccount;

	@Option(names = "--kubernetes-namespace", paramLabel = "NAME",
			description = "With --kubernetes-host: the namespace of that service account.")
	private String kubernetesNamespace;

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

	/** The Kubernetes login --kubernetes-host and friends ask for, checked before any request; null without them. */
	private KubernetesAuthSetup kubernetes(VaultOptions.Session session) {
		return kubernetesHost == null ? null : new KubernetesAuthSetup(session.connection(), kubernetesHost,
				kubernetesCa(), kubernetesServiceAccount, kubernetesNamespace);
	}

	private void checkKubernetes() {
		if (kubernetesHost == null) {
			if (kubernetesCaFile != null || kubernetesServiceAccount != null || kubernetesNamespace != null) {
				throw UserFacingException.badInput("--kubernetes-ca-file, --kubernetes-service-account and "
						+ "--kubernetes-namespace need --kubernetes-host URL.");
			}
			return;
		}
		kubernetesHost = trustedUrl("--kubernetes-host", kubernetesHost, "https://10.0.0.1:443");
		if (kubernetesServiceAccount == null || kubernetesNamespace == null) {
			throw UserFacingException.badInput("--kubernetes-host needs --kubernetes-service-account NAME and "
					+ "--kubernetes-namespace NAME: the one service account whose pods may log in as the broker.");
		}
		// Kubernetes names: DNS labels (namespace) and DNS subdomains (service account).
		java.util.regex.Pattern label = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
		for (String name : java.util.List.of(kubernetesServiceAccount, kubernetesNamespace)) {
			if (!label.matcher(name).matches()) {
				throw UserFacingException.badInput("Invalid Kubernetes name '" + Printable.of(name, 80)
						+ "': use lower-case letters, digits, '-' and '.', as Kubernetes does.");
			}
		}
		kubernetesCa();
	}

	/** The PEM in --kubernetes-ca-file, or null without one. */
	private String kubernetesCa() {
		if (kubernetesCaFile == null) {
			return null;
		}
		String pem;
		try {
			pem = java.nio.file.Files.readString(kubernetesCaFile);
		}
		catch (java.io.IOException ex) {
			throw UserFacingException.badInput("Cannot read --kubernetes-ca-file " + kubernetesCaFile + ": " + ex.getMessage());
		}
		if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
			throw UserFacingException.badInput("--kubernetes-ca-file " + kubernetesCaFile + " holds no PEM certificate "
					+ "(-----BEGIN CERTIFICATE-----): give the cluster's CA, e.g. from the kubeconfig's "
					+ "certificate-authority-data, base64-decoded.");
		}
		return pem;
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
		checkKubernetes();
		VaultOptions.Session session = context.open();
		if (login != null) {
			login.teams().replaceAll((team, policy) -> session.layout().policyName(policy));
		}
		VaultBootstrap bootstrap = new VaultBootstrap(session.connection(), session.layout(),
				login == null ? null : new GitHubAuthSetup(session.connection(), login.org(), login.apiUrl(), login.teams()),
				role, issuer == null ? null : new GitHubOidcSetup(session.connection(), issuer), kubernetes(session),
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
			err.println(kubernetesHost != null ? "Vault is set up. Start serve in a pod of service account "
					+ kubernetesNamespace + "/" + kubernetesServiceAccount + " with botkeeper.vault.kubernetes-role="
					+ roleName + " (Helm: vault.auth=kubernetes)."
					: "Vault is set up. Give the broker its AppRole credentials: read auth/approle/role/" + roleName
							+ "/role-id and write -f auth/approle/role/" + roleName + "/secret-id (with the vault or bao CLI).");
		}
	}

}
