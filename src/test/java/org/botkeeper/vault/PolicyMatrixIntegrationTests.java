package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every policy in {@code vault-policies/} against every path botkeeper uses: the capabilities Vault
 * reports ({@code sys/capabilities-self}) are exactly the expected ones, and real requests succeed
 * where allowed and get 403 everywhere else. Tokens are bound to the policy files, never root.
 */
@ExtendWith(VaultServerExtension.class)
class PolicyMatrixIntegrationTests {

	private static final Set<String> NONE = Set.of();

	private static final Set<String> ALL = Set.of("create", "read", "update", "delete", "list");

	private static String owner;

	private static String repo;

	private static String otherRepo;

	private static String maintainerPolicy;

	@BeforeAll
	static void setUp(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
		owner = "mx-" + UUID.randomUUID().toString().substring(0, 8);
		repo = owner + "/repo";
		otherRepo = owner + "/other";
		maintainerPolicy = "botkeeper-maintainer-" + owner;
		String text = new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(RepositoryName.parse(repo)));
		vault.root().write("sys/policies/acl/" + maintainerPolicy, Map.of("policy", text));
	}

	/** Path → expected capabilities, for one policy. Paths absent from the map are denied. */
	private static Map<String, Set<String>> expected(String policy) {
		Map<String, Set<String>> caps = new LinkedHashMap<>();
		switch (policy) {
			case "botkeeper-admin" -> {
				caps.put("botkeeper/data/account", Set.of("create", "read", "update"));
				caps.put("botkeeper/metadata/account", Set.of("create", "read", "update"));
				// the count of recovery codes, read only: admins can neither read the codes nor forge the count
				caps.put("botkeeper/metadata/account-recovery", Set.of("read"));
				caps.put("botkeeper/data/tokens/" + repo, Set.of("create", "update"));
				caps.put("botkeeper/data/tokens/" + otherRepo, Set.of("create", "update"));
				caps.put("botkeeper/metadata/tokens", Set.of("list"));
				caps.put("botkeeper/metadata/tokens/" + owner, Set.of("create", "read", "update", "delete", "list"));
				caps.put("botkeeper/metadata/tokens/" + repo, Set.of("create", "read", "update", "delete", "list"));
				caps.put("botkeeper/data/sync/" + repo, Set.of("read"));
				caps.put("botkeeper/metadata/sync", Set.of("list"));
				caps.put("botkeeper/metadata/sync/" + repo, Set.of("read", "list"));
				caps.put("botkeeper/data/writer", Set.of("create", "update"));
				caps.put("botkeeper/metadata/writer", Set.of("create", "read", "update"));
				caps.put("botkeeper/data/writers/" + owner, Set.of("create", "update"));
				caps.put("botkeeper/metadata/writers", Set.of("list"));
				caps.put("botkeeper/metadata/writers/" + owner, Set.of("create", "read", "update"));
				caps.put("botkeeper/data/changes", Set.of("create", "update"));
				caps.put("botkeeper/metadata/changes", Set.of("read"));
				caps.put("botkeeper/data/bot-token", Set.of("create", "update"));
				caps.put("botkeeper/metadata/bot-token", Set.of("create", "read", "update"));
				caps.put("botkeeper/data/app-ceiling", Set.of("create", "read", "update"));
				caps.put("botkeeper/metadata/app-ceiling", Set.of("read"));
				caps.put("botkeeper-totp/code/account", Set.of("read"));
				caps.put("botkeeper-totp/keys/account", Set.of("read"));
				caps.put("botkeeper/data/oidc/" + repo, Set.of("read"));
				// organisation secrets: written like tokens (never read back), their ledger read for status
				caps.put(orgSecret("data"), Set.of("create", "update"));
				caps.put("botkeeper/metadata/org-secrets", Set.of("list"));
				caps.put("botkeeper/metadata/org-secrets/" + owner, Set.of("create", "read", "update", "delete", "list"));
				caps.put(orgSecret("metadata"), Set.of("create", "read", "update", "delete", "list"));
				caps.put(orgLedger("data"), Set.of("read"));
				caps.put("botkeeper/metadata/org-sync", Set.of("list"));
				caps.put(orgLedger("metadata"), Set.of("read", "list"));
			}
			case "botkeeper-broker" -> {
				caps.put("botkeeper/data/tokens/" + repo, Set.of("read"));
				caps.put("botkeeper/data/tokens/" + otherRepo, Set.of("read"));
				caps.put("botkeeper/metadata/tokens", Set.of("list"));
				caps.put("botkeeper/metadata/tokens/" + owner, Set.of("read", "list"));
				caps.put("botkeeper/metadata/tokens/" + repo, Set.of("read", "list"));
				caps.put("botkeeper/data/sync/" + repo, Set.of("create", "read", "update", "delete"));
				caps.put("botkeeper/metadata/sync", Set.of("list"));
				caps.put("botkeeper/metadata/sync/" + repo, Set.of("read", "list", "delete"));
				caps.put("botkeeper/data/lease/sync", Set.of("create", "read", "update"));
				caps.put("botkeeper/metadata/lease/sync", Set.of("read"));
				caps.put("botkeeper/data/writer", Set.of("read"));
				caps.put("botkeeper/metadata/writer", Set.of("read"));
				// an owner's own writer: read, never written (the broker would choose its own credential)
				caps.put("botkeeper/data/writers/" + owner, Set.of("read"));
				caps.put("botkeeper/metadata/writers", Set.of("list"));
				caps.put("botkeeper/metadata/writers/" + owner, Set.of("read"));
				caps.put("botkeeper/data/bot-token", Set.of("read"));
				caps.put("botkeeper/metadata/bot-token", Set.of("read"));
				caps.put("botkeeper/data/app-ceiling", Set.of("read"));
				caps.put("botkeeper/data/changes", Set.of("read"));
				caps.put("botkeeper/metadata/changes", Set.of("read"));
				// the operator's OIDC marks: read and list, never written (that would let it delete any secret)
				caps.put("botkeeper/data/oidc/" + repo, Set.of("read"));
				caps.put("botkeeper/metadata/oidc", Set.of("list"));
				caps.put("botkeeper/metadata/oidc/" + owner, Set.of("list"));
				caps.put("botkeeper/metadata/oidc/" + repo, Set.of("list"));
				// organisation secrets: read to sync them, never written; their ledger is the broker's own
				caps.put(orgSecret("data"), Set.of("read"));
				caps.put("botkeeper/metadata/org-secrets", Set.of("list"));
				caps.put("botkeeper/metadata/org-secrets/" + owner, Set.of("read", "list"));
				caps.put(orgSecret("metadata"), Set.of("read", "list"));
				caps.put(orgLedger("data"), Set.of("create", "read", "update", "delete"));
				caps.put("botkeeper/metadata/org-sync", Set.of("list"));
				caps.put(orgLedger("metadata"), Set.of("read", "list", "delete"));
			}
			case "botkeeper-auditor" -> {
				caps.put("botkeeper/metadata/account", Set.of("read"));
				caps.put("botkeeper/metadata/tokens", Set.of("list"));
				caps.put("botkeeper/metadata/tokens/" + owner, Set.of("read", "list"));
				caps.put("botkeeper/metadata/tokens/" + repo, Set.of("read", "list"));
				caps.put("botkeeper/data/sync/" + repo, Set.of("read"));
				caps.put("botkeeper/metadata/sync", Set.of("list"));
				caps.put("botkeeper/metadata/sync/" + repo, Set.of("read", "list"));
				caps.put("botkeeper/metadata/writer", Set.of("read"));
				caps.put("botkeeper/metadata/writers", Set.of("list"));
				caps.put("botkeeper/metadata/writers/" + owner, Set.of("read"));
				caps.put("botkeeper/data/app-ceiling", Set.of("read"));
				caps.put("botkeeper/data/oidc/" + repo, Set.of("read"));
				// organisation secrets: which repositories share one, never the value
				caps.put("botkeeper/metadata/org-secrets", Set.of("list"));
				caps.put("botkeeper/metadata/org-secrets/" + owner, Set.of("read", "list"));
				caps.put(orgSecret("metadata"), Set.of("read", "list"));
				caps.put(orgLedger("data"), Set.of("read"));
				caps.put("botkeeper/metadata/org-sync", Set.of("list"));
				caps.put(orgLedger("metadata"), Set.of("read", "list"));
			}
			case "botkeeper-breakglass" -> {
				for (String path : paths()) {
					if (path.startsWith("botkeeper/")) {
						caps.put(path, ALL);
					}
				}
				caps.put("botkeeper-totp/keys/account", Set.of("create", "read", "update", "delete"));
				caps.put("botkeeper-totp/code/account", Set.of("read"));
			}
			default -> { // the generated maintainer policy for `repo`
				caps.put("botkeeper/metadata/tokens", Set.of("list"));
				caps.put("botkeeper/metadata/tokens/" + owner, Set.of("list"));
				caps.put("botkeeper/data/tokens/" + repo, Set.of("create", "update"));
				caps.put("botkeeper/metadata/tokens/" + repo, Set.of("create", "read", "update", "delete"));
				caps.put("botkeeper/data/sync/" + repo, Set.of("read"));
				// the change marker: add a version, read the version number to write against; never the data
				caps.put("botkeeper/data/changes", Set.of("create", "update"));
				caps.put("botkeeper/metadata/changes", Set.of("read"));
				caps.put("botkeeper/data/oidc/" + repo, Set.of("read"));
				// nothing of the organisation secrets of the maintainer's own owner: one such token spans repositories
			}
		}
		return caps;
	}

	/** An organisation secret of {@code owner}: {@code botkeeper/KIND/org-secrets/OWNER/SHARED_PAT}. */
	private static String orgSecret(String kind) {
		return "botkeeper/" + kind + "/org-secrets/" + owner + "/SHARED_PAT";
	}

	/** The broker's ledger record of that organisation secret. */
	private static String orgLedger(String kind) {
		return "botkeeper/" + kind + "/org-sync/" + owner + "/SHARED_PAT";
	}

	/** Every path botkeeper reads or writes, plus a few it must never touch. */
	private static List<String> paths() {
		return List.of("botkeeper/data/account", "botkeeper/metadata/account", "botkeeper/data/account-recovery",
				"botkeeper/data/app-ceiling", "botkeeper/metadata/app-ceiling",
				"botkeeper/metadata/account-recovery", "botkeeper/destroy/account-recovery",
				"botkeeper/delete/account-recovery", "botkeeper/undelete/account-recovery", "botkeeper/destroy/account",
				"botkeeper/data/tokens/" + repo,
				"botkeeper/data/tokens/" + otherRepo, "botkeeper/metadata/tokens", "botkeeper/metadata/tokens/" + owner,
				"botkeeper/metadata/tokens/" + repo, "botkeeper/data/sync/" + repo, "botkeeper/metadata/sync",
				"botkeeper/metadata/sync/" + repo, "botkeeper/data/lease/sync", "botkeeper/metadata/lease/sync",
				"botkeeper/data/writer", "botkeeper/metadata/writer", "botkeeper/data/writers/" + owner,
				"botkeeper/metadata/writers", "botkeeper/metadata/writers/" + owner, "botkeeper/data/bot-token",
				"botkeeper/metadata/bot-token", "botkeeper/data/changes", "botkeeper/metadata/changes",
				"botkeeper/delete/changes", "botkeeper/destroy/changes", "botkeeper/data/oidc/" + repo,
				"botkeeper/metadata/oidc", "botkeeper/metadata/oidc/" + owner, "botkeeper/metadata/oidc/" + repo,
				"botkeeper/delete/oidc/" + repo, "botkeeper/destroy/oidc/" + repo, orgSecret("data"), orgSecret("metadata"),
				"botkeeper/metadata/org-secrets", "botkeeper/metadata/org-secrets/" + owner, orgLedger("data"),
				orgLedger("metadata"), "botkeeper/metadata/org-sync", "botkeeper-totp/keys/account", "botkeeper-totp/code/account",
				"sys/policies/acl/botkeeper-admin", "sys/mounts/botkeeper", "sys/auth/approle");
	}

	@Test
	void adminCapabilitiesShouldBeExactlyThoseThePolicyFilePromises(VaultFixture vault) {
		assertCapabilities(vault, "botkeeper-admin");
	}

	@Test
	void brokerCapabilitiesShouldBeExactlyThoseThePolicyFilePromises(VaultFixture vault) {
		assertCapabilities(vault, "botkeeper-broker");
	}

	@Test
	void auditorCapabilitiesShouldBeExactlyThoseThePolicyFilePromises(VaultFixture vault) {
		assertCapabilities(vault, "botkeeper-auditor");
	}

	@Test
	void breakglassCapabilitiesShouldBeExactlyThoseThePolicyFilePromises(VaultFixture vault) {
		assertCapabilities(vault, "botkeeper-breakglass");
	}

	@Test
	void generatedMaintainerCapabilitiesShouldCoverItsRepositoryOnly(VaultFixture vault) {
		assertCapabilities(vault, maintainerPolicy);
	}

	@Test
	void realRequestsShouldSucceedWhereAllowedAndGet403ElsewhereForEveryPolicy(VaultFixture vault) {
		List<String> failures = new ArrayList<>();
		for (String policy : List.of("botkeeper-admin", "botkeeper-broker", "botkeeper-auditor", maintainerPolicy,
				"botkeeper-breakglass")) {
			VaultHttp http = vault.http(vault.tokenWithPolicies(policy));
			Map<String, Set<String>> expected = expected(policy);
			for (String path : paths()) {
				Set<String> caps = expected.getOrDefault(path, NONE);
				for (Probe probe : Probe.forPath(path)) {
					VaultHttp.Response response = probe.send(http, path);
					boolean allowed = probe.allowedBy(caps);
					boolean denied = response.status() == 403;
					if (denied) {
						// An allowed read returns the probe value by design; a denial must not.
						LeakCanaries.assertNoLeak(policy + "'s denied " + probe + " " + path, response.body());
					}
					if (allowed == denied || response.status() >= 500) {
						failures.add(policy + " " + probe + " " + path + ": expected " + (allowed ? "allowed" : "403")
								+ ", got " + response.status());
					}
				}
			}
		}
		assertThat(failures).as("policy × path × request mismatches").isEmpty();
	}

	private static void assertCapabilities(VaultFixture vault, String policy) {
		VaultHttp http = vault.http(vault.tokenWithPolicies(policy));
		Map<String, Set<String>> expected = expected(policy);
		StringBuilder json = new StringBuilder("{\"paths\":[");
		List<String> paths = paths();
		for (int i = 0; i < paths.size(); i++) {
			json.append(i == 0 ? "" : ",").append('"').append(paths.get(i)).append('"');
		}
		VaultHttp.Response response = http.post("sys/capabilities-self", json.append("]}").toString());
		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> data = parse(response.body());
		List<String> failures = new ArrayList<>();
		for (String path : paths) {
			Set<String> actual = new TreeSet<>(capabilities(data.get(path)));
			actual.remove("deny");
			Set<String> wanted = new TreeSet<>(expected.getOrDefault(path, NONE));
			if (!actual.equals(wanted)) {
				failures.add(path + ": expected " + wanted + ", got " + actual);
			}
		}
		assertThat(failures).as("capabilities of %s", policy).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static List<String> capabilities(Object value) {
		return value == null ? List.of() : (List<String>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String body) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, Map.class);
	}

	/** One real request per capability a path can meaningfully be probed with. */
	private enum Probe {

		READ, LIST, WRITE, DELETE;

		static List<Probe> forPath(String path) {
			if (path.startsWith("sys/")) {
				return List.of(READ); // never try to change the shared server's mounts or policies
			}
			if (path.contains("/metadata/")) {
				return List.of(READ, LIST, WRITE, DELETE);
			}
			if (path.endsWith("/code/account")) {
				return List.of(READ);
			}
			return List.of(READ, WRITE, DELETE);
		}

		boolean allowedBy(Set<String> caps) {
			return switch (this) {
				case READ -> caps.contains("read");
				case LIST -> caps.contains("list");
				case WRITE -> caps.contains("create") || caps.contains("update");
				case DELETE -> caps.contains("delete");
			};
		}

		VaultHttp.Response send(VaultHttp http, String path) {
			return switch (this) {
				case READ -> http.get(path);
				case LIST -> http.list(path);
				case DELETE -> http.delete(path);
				case WRITE -> http.post(path, body(path));
			};
		}

		private static String body(String path) {
			if (path.contains("/metadata/")) {
				return "{\"custom_metadata\":{\"probe\":\"policy-matrix\"}}";
			}
			if (path.contains("/keys/")) {
				return "{\"generate\":false,\"key\":\"" + LeakCanaries.totpSeed() + "\"}";
			}
			return "{\"data\":{\"probe\":\"" + LeakCanaries.password() + "\"}}";
		}

	}

}
