package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.support.VaultMount;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code access} against the real Vault with our policies bound to a userpass user, an AppRole role and
 * an identity group: Vault's own sys/capabilities decides who gets the password, the 2FA code and a
 * repository's token.
 */
@ExtendWith(VaultServerExtension.class)
class AccessCommandIntegrationTests {

	@Test
	void accessShouldNameThePoliciesAndTheirHoldersPerAsset(VaultFixture vault) {
		withBotkeeperPolicies(vault);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String userpass = "up" + suffix;
		String approle = "ar" + suffix;
		String group = "admins-" + suffix;
		enableAuth(vault, userpass, "userpass");
		enableAuth(vault, approle, "approle");
		vault.root().write("auth/" + userpass + "/users/alice",
				Map.of("password", LeakCanaries.password(), "token_policies", "botkeeper-admin"));
		vault.root().write("auth/" + approle + "/role/broker", Map.of("token_policies", List.of("botkeeper-broker")));
		vault.root().write("identity/group", Map.of("name", group, "policies", List.of("botkeeper-breakglass")));
		RepositoryName repository = RepositoryName.parse("acc" + suffix + "/repo");
		VaultConnection admin = VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-admin"))));
		new TokenStore(admin, VaultLayout.defaults(), TokenDefaults.fromEnvironment(Map.of()), "botkeeper-admin").put(
				repository, SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null, null, null),
				null);

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(run.out());
		assertThat(holders(findings, "the bot's password", "botkeeper-admin")).contains("userpass user " + userpass + "/alice");
		assertThat(holders(findings, "the bot's password", "botkeeper-breakglass")).contains("identity group " + group);
		assertThat(policies(findings, "the bot's password")).doesNotContain("botkeeper-broker", "botkeeper-auditor");
		assertThat(policies(findings, "the bot's 2FA code")).contains("botkeeper-admin", "botkeeper-breakglass")
			.doesNotContain("botkeeper-broker");
		assertThat(policies(findings, "replace the 2FA seed")).contains("botkeeper-breakglass")
			.doesNotContain("botkeeper-admin");
		assertThat(holders(findings, "the token of " + repository, "botkeeper-broker"))
			.contains("approle role " + approle + "/broker");
		assertThat(policies(findings, "the token of " + repository)).doesNotContain("botkeeper-admin", "botkeeper-auditor");

		CliRun table = VaultCli.as(vault, vault.server().rootToken()).run("access", "--wide");
		assertThat(table.out()).contains("ASSET").contains("the bot's password").contains("userpass user " + userpass + "/alice");
	}

	@Test
	void accessShouldFindEntitiesRolesOfEveryAuthMethodAndWhoCanChangeWhereATokenIsPushed(VaultFixture vault)
			throws Exception {
		withBotkeeperPolicies(vault);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		RepositoryName repository = RepositoryName.parse("acc" + suffix + "/repo");
		String maintainer = "botkeeper-maintainer-" + suffix;
		vault.root().write("sys/policies/acl/" + maintainer,
				Map.of("policy", new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(repository))));
		String userpass = "up" + suffix;
		String jwt = "jwt" + suffix;
		String oidc = "oidc" + suffix;
		String kubernetes = "k8s" + suffix;
		String cert = "cert" + suffix;
		String approle = "ar" + suffix;
		enableAuth(vault, userpass, "userpass");
		enableAuth(vault, jwt, "jwt");
		enableAuth(vault, oidc, "oidc");
		enableAuth(vault, kubernetes, "kubernetes");
		enableAuth(vault, cert, "cert");
		enableAuth(vault, approle, "approle");
		// Roles that need no configuration of the method: OpenBao and Vault accept them as they are.
		vault.root().write("auth/" + jwt + "/role/ci", Map.of("role_type", "jwt", "user_claim", "sub", "bound_audiences",
				"botkeeper", "bound_subject", "repo:" + repository + ":environment:jupyterhub-bot", "token_policies",
				List.of(maintainer)));
		vault.root().write("auth/" + oidc + "/role/admins", Map.of("user_claim", "sub", "allowed_redirect_uris",
				"http://localhost:8250/oidc/callback", "token_policies", List.of("botkeeper-admin")));
		vault.root().write("auth/" + kubernetes + "/role/broker", Map.of("bound_service_account_names", "botkeeper",
				"bound_service_account_namespaces", "botkeeper", "token_policies", List.of("botkeeper-broker")));
		vault.root().write("auth/" + cert + "/certs/ops", Map.of("certificate", certificate(suffix), "token_policies",
				List.of("botkeeper-breakglass")));
		vault.root().write("auth/" + approle + "/role/rotate", Map.of("token_policies", List.of(maintainer)));
		// An entity with a policy of its own, reached by a userpass login that has no policy itself, and a group.
		vault.root().write("auth/" + userpass + "/users/bob", Map.of("password", LeakCanaries.password()));
		String accessor = accessor(vault, userpass);
		String entity = "ent-" + suffix;
		String entityId = vault.root().write("identity/entity", Map.of("name", entity, "policies", List.of("botkeeper-admin")))
			.getData().get("id").toString();
		vault.root().write("identity/entity-alias", Map.of("name", "bob", "canonical_id", entityId, "mount_accessor", accessor));
		String group = "grp-" + suffix;
		vault.root().write("identity/group", Map.of("name", group, "policies", List.of("botkeeper-breakglass"),
				"member_entity_ids", List.of(entityId)));
		vault.root().write("auth/token/roles/tr-" + suffix, Map.of("allowed_policies_glob", List.of("botkeeper-break*")));
		VaultConnection admin = VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-admin"))));
		new TokenStore(admin, VaultLayout.defaults(), TokenDefaults.fromEnvironment(Map.of()), "botkeeper-admin").put(
				repository, SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null, null, null),
				null);

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "json");
		CliRun table = VaultCli.as(vault, vault.server().rootToken()).run("access", "--wide");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(run.out());
		String pushed = "where the token of " + repository + " is pushed";
		assertThat(holders(findings, "the bot's password", "botkeeper-admin")).contains(
				"oidc role " + oidc + "/admins", "identity entity " + entity + " (logs in as " + userpass + "/bob)");
		assertThat(holders(findings, "the bot's 2FA recovery codes", "botkeeper-breakglass"))
			.contains("cert " + cert + "/ops", "token role tr-" + suffix + " (allowed by glob botkeeper-break*)");
		assertThat(policies(findings, "the bot's 2FA recovery codes")).doesNotContain("botkeeper-admin",
				"botkeeper-auditor", "botkeeper-broker", maintainer);
		assertThat(holders(findings, "the token of " + repository, "botkeeper-broker"))
			.contains("kubernetes role " + kubernetes + "/broker");
		// A JWT role is named with what a job's token must carry to log in with it.
		assertThat(holders(findings, pushed, maintainer)).contains("jwt role " + jwt + "/ci (tokens with sub=repo:"
				+ repository + ":environment:jupyterhub-bot, audience botkeeper)", "approle role " + approle + "/rotate");
		assertThat(grantPaths(findings, pushed, maintainer)).containsExactlyInAnyOrder("botkeeper/data/tokens/" + repository,
				"botkeeper/metadata/tokens/" + repository);
		assertThat(grantPaths(findings, pushed, "botkeeper-admin")).containsExactlyInAnyOrder(
				"botkeeper/data/tokens/" + repository, "botkeeper/metadata/tokens/" + repository);
		assertThat(policies(findings, pushed)).contains("root", "botkeeper-breakglass")
			.doesNotContain("botkeeper-broker", "botkeeper-auditor");
		assertThat(holders(findings, "the writer credential", "botkeeper-broker"))
			.contains("kubernetes role " + kubernetes + "/broker");
		assertThat(holders(findings, "the bot's password", "botkeeper-breakglass"))
			.contains("identity group " + group + " (members: " + entity + ")");
		assertThat(run.err()).doesNotContain("was not inspected");
		assertThat(table.exitCode()).as(table.describe()).isZero();
		assertThat(table.out()).contains(pushed)
			.contains("botkeeper/metadata/tokens/" + repository + " (records in the old layout)")
			.contains("identity entity " + entity);
	}

	/**
	 * The team-compass table: a row per asset and holder with the policy and the auth method, since when where
	 * Vault records it (an identity group's creation), "—" where it does not (a userpass user, an AppRole
	 * role), a '|' in a JWT role's bound claim kept inside its cell; and the JSON with the same details.
	 */
	@Test
	void markdownShouldListEveryAssetAndHolderWithSinceWhereVaultRecordsIt(VaultFixture vault) {
		withBotkeeperPolicies(vault);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String userpass = "up" + suffix;
		String approle = "ar" + suffix;
		String jwt = "jwt" + suffix;
		String group = "grp-" + suffix;
		enableAuth(vault, userpass, "userpass");
		enableAuth(vault, approle, "approle");
		enableAuth(vault, jwt, "jwt");
		vault.root().write("auth/" + userpass + "/users/alice",
				Map.of("password", LeakCanaries.password(), "token_policies", "botkeeper-admin"));
		vault.root().write("auth/" + approle + "/role/broker", Map.of("token_policies", List.of("botkeeper-broker")));
		vault.root().write("auth/" + jwt + "/role/ci", Map.of("role_type", "jwt", "user_claim", "sub",
				"bound_audiences", "botkeeper", "bound_claims", Map.of("environment", "prod|staging"), "token_policies",
				List.of("botkeeper-admin")));
		vault.root().write("identity/group", Map.of("name", group, "policies", List.of("botkeeper-breakglass")));
		java.time.Instant created = java.time.OffsetDateTime
			.parse(vault.root().read("identity/group/name/" + group).getData().get("creation_time").toString())
			.toInstant()
			.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		RepositoryName repository = RepositoryName.parse("acc" + suffix + "/repo");
		VaultConnection admin = VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-admin"))));
		new TokenStore(admin, VaultLayout.defaults(), TokenDefaults.fromEnvironment(Map.of()), "botkeeper-admin").put(
				repository, SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null, null, null),
				null);

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "markdown");
		CliRun json = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		List<String> lines = run.out().lines().toList();
		assertThat(lines.getFirst()).startsWith("Who can get the bot's credentials, as Vault at "
				+ vault.server().address() + " answered on ");
		assertThat(lines).contains("| Asset | Holder | Policy | Auth method | Since |",
				"| the bot's password | userpass user " + userpass + "/alice | botkeeper-admin | " + userpass
						+ "/ (userpass) | — |",
				"| the token of " + repository + " | approle role " + approle + "/broker | botkeeper-broker | " + approle
						+ "/ (approle) | — |",
				"| the bot's password | identity group " + group + " | botkeeper-breakglass | identity | " + created + " |",
				"| the bot's 2FA code | jwt role " + jwt + "/ci (tokens with environment=prod\\|staging, audience "
						+ "botkeeper) | botkeeper-admin | " + jwt + "/ (jwt) | — |");
		// Every row has its five cells: an unescaped '|' would have made a sixth.
		assertThat(lines.stream().filter(line -> line.startsWith("|")))
			.allSatisfy(line -> assertThat(line.split("(?<!\\\\)\\|", -1)).hasSize(7));
		assertThat(run.out()).doesNotContain("| the bot's password | approle role " + approle);

		assertThat(json.exitCode()).as(json.describe()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(json.out());
		JsonNode groupDetail = details(findings, "the bot's password", "botkeeper-breakglass").stream()
			.filter(detail -> detail.path("name").asString().equals(group))
			.findFirst()
			.orElseThrow();
		assertThat(groupDetail.path("kind").asString()).isEqualTo("identity group");
		assertThat(groupDetail.path("auth_method").asString()).isEqualTo("identity");
		assertThat(groupDetail.path("creation_time").asString()).isEqualTo(created.toString());
		assertThat(groupDetail.path("holder").asString()).isEqualTo("identity group " + group);
		JsonNode alice = details(findings, "the bot's password", "botkeeper-admin").stream()
			.filter(detail -> detail.path("holder").asString().equals("userpass user " + userpass + "/alice"))
			.findFirst()
			.orElseThrow();
		assertThat(alice.path("kind").asString()).isEqualTo("userpass user");
		assertThat(alice.path("name").asString()).isEqualTo("alice");
		assertThat(alice.path("auth_method").asString()).isEqualTo(userpass + "/ (userpass)");
		assertThat(alice.has("creation_time")).isTrue();
		assertThat(alice.path("creation_time").isNull()).isTrue();
		assertThat(alice.path("last_update_time").isNull()).isTrue();
	}

	/** Vault's auth methods that this review does not know: named, never silently skipped. */
	@Test
	void accessShouldNameAuthMethodsItDoesNotInspect(VaultFixture vault) {
		withBotkeeperPolicies(vault);
		Object catalog = vault.root().read("sys/plugins/catalog").getData().get("auth");
		List<String> unknown = catalog instanceof List<?> types ? types.stream().map(Object::toString)
			.filter(type -> !List.of("approle", "userpass", "jwt", "oidc", "kubernetes", "cert", "ldap", "github", "token")
				.contains(type))
			.sorted()
			.toList() : List.of();
		Assumptions.assumeFalse(unknown.isEmpty(), "this server (OpenBao) has only auth methods the review inspects: "
				+ catalog);
		String type = unknown.contains("radius") ? "radius" : unknown.getFirst();
		String path = "un" + UUID.randomUUID().toString().substring(0, 8);
		enableAuth(vault, path, type);

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).contains("Auth method " + path + "/ (type " + type + ") is enabled and was not inspected");
	}

	/** LDAP users, groups and the config's policies for every LDAP login, where the engine has LDAP (Vault). */
	@Test
	void accessShouldNameLdapUsersGroupsAndEveryLdapLogin(VaultFixture vault) {
		withBotkeeperPolicies(vault);
		Object catalog = vault.root().read("sys/plugins/catalog").getData().get("auth");
		Assumptions.assumeTrue(catalog instanceof List<?> types && types.contains("ldap"),
				"this server (OpenBao) has no LDAP auth method: " + catalog);
		String path = "ldap" + UUID.randomUUID().toString().substring(0, 8);
		enableAuth(vault, path, "ldap");
		vault.root().write("auth/" + path + "/config", Map.of("url", "ldaps://ldap.invalid", "token_policies",
				List.of("botkeeper-auditor")));
		vault.root().write("auth/" + path + "/users/carol", Map.of("policies", "botkeeper-admin"));
		vault.root().write("auth/" + path + "/groups/ops", Map.of("policies", "botkeeper-breakglass"));

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(run.out());
		assertThat(holders(findings, "the bot's password", "botkeeper-admin")).contains("ldap user " + path + "/carol");
		assertThat(holders(findings, "the bot's password", "botkeeper-breakglass")).contains("ldap group " + path + "/ops");
	}

	@Test
	void aTokenThatMayNotReviewPoliciesShouldBeToldWhatItNeeds(VaultFixture vault) {
		withBotkeeperPolicies(vault);

		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor")).run("access");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.err()).contains("403").contains("operator");
	}

	private static List<String> policies(JsonNode findings, String asset) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				return finding.path("grants").valueStream().map(g -> g.path("policy").asString()).toList();
			}
		}
		throw new AssertionError("no asset " + asset);
	}

	/** The accessor of the auth method at {@code path}, as identity aliases name it. */
	@SuppressWarnings("unchecked")
	private static String accessor(VaultFixture vault, String path) {
		Map<String, Object> mounts = vault.root().read("sys/auth").getData();
		return ((Map<String, Object>) mounts.get(path + "/")).get("accessor").toString();
	}

	/** A self-signed certificate (PEM) for the cert auth method; its key is thrown away with the keystore. */
	private static String certificate(String suffix) throws Exception {
		Path dir = Files.createTempDirectory("botkeeper-cert-");
		Path store = dir.resolve("c.p12");
		Path pem = dir.resolve("c.pem");
		keytool("-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ops-" + suffix,
				"-validity", "2", "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
		keytool("-exportcert", "-rfc", "-alias", "c", "-keystore", store.toString(), "-storepass", "changeit", "-file",
				pem.toString());
		String text = Files.readString(pem);
		Files.delete(store);
		Files.delete(pem);
		Files.delete(dir);
		return text;
	}

	/** botkeeper's mounts and policies, as {@code vault init} leaves them (the TOTP mount is harmless where unused). */
	private static void withBotkeeperPolicies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	private static void enableAuth(VaultFixture vault, String path, String type) {
		vault.root().opsForSys().authMount(path, VaultMount.create(type));
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static List<String> grantPaths(JsonNode findings, String asset, String policy) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				return finding.path("grants").valueStream().filter(g -> g.path("policy").asString().equals(policy))
					.map(g -> g.path("path").asString()).toList();
			}
		}
		throw new AssertionError("no asset " + asset);
	}

	private static List<JsonNode> details(JsonNode findings, String asset, String policy) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				for (JsonNode grant : finding.path("grants")) {
					if (grant.path("policy").asString().equals(policy)) {
						return grant.path("holder_details").valueStream().toList();
					}
				}
				throw new AssertionError(policy + " does not grant " + asset + ": " + finding);
			}
		}
		throw new AssertionError("no asset " + asset);
	}

	private static List<String> holders(JsonNode findings, String asset, String policy) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				for (JsonNode grant : finding.path("grants")) {
					if (grant.path("policy").asString().equals(policy)) {
						return grant.path("holders").valueStream().map(JsonNode::asString).toList();
					}
				}
				throw new AssertionError(policy + " does not grant " + asset + ": " + finding);
			}
		}
		throw new AssertionError("no asset " + asset);
	}

}
