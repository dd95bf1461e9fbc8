package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.OidcWorld;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * The switch-over to OIDC end to end ({@code oidc enable --remove-secret}): the operator's mark, the
 * broker's sync deleting the environment secret it owns in the simulator and never creating it again,
 * {@code oidc disable} bringing it back; who may write the mark, with tokens bound to the shipped
 * policies. On a server of its own: the JWT mount {@code auth/github-actions/} is one per server.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class OidcRemoveSecretIntegrationTests {

	@AutoClose
	private static OidcWorld oidc;

	private SyncWorld world;

	private VaultFixture vault;

	private VaultCli operator;

	private VaultCli broker;

	@BeforeAll
	static void start(VaultFixture shared) {
		oidc = OidcWorld.start("oidc-remove", shared);
	}

	@BeforeEach
	void setUp(GitHubContract github) {
		vault = oidc.fixture();
		world = new SyncWorld(vault, github);
		world.storeWriter();
		world.expireLeaseIfHeld();
		vault.writePolicy("botkeeper-operator");
		CliRun init = oidc.initAsRoot();
		assertThat(init.exitCode()).as(init.describe()).isZero();
		operator = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-operator"));
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
	}

	private String[] enable(RepositoryName repository, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("oidc", "enable", repository.toString(), "--environment",
				world.defaults.environment().value(), "--repository-id", "101", "--owner-id", "7"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	private String markPath(RepositoryName repository) {
		return "botkeeper/data/" + VaultLayout.oidcPath(repository);
	}

	private Map<String, Object> mark(RepositoryName repository) {
		var response = vault.root().read(markPath(repository));
		if (response == null || !(response.getRequiredData().get("data") instanceof Map<?, ?> data)) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) data;
		return values;
	}

	private static void ok(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	@Test
	void removeSecretShouldHaveTheBrokerDeleteItsSecretOnceAndDisableShouldBringItBack() {
		RepositoryName app = world.repositoryWithEnvironment("app");
		String token = world.putToken(app);
		ok(broker.run("sync", "--yes", app.toString()));
		assertThat(world.decrypted(app)).as("pushed before the switch").isEqualTo(token);

		CliRun plan = operator.run(enable(app, "--remove-secret", "--plan", "--wide"));
		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("create +oidc mark botkeeper/" + VaultLayout.oidcPath(app)
				+ " +the broker's next sync deletes the environment secret botkeeper owns of " + app
				+ " in environment " + world.defaults.environment() + " \\(only if botkeeper created it\\) and no longer "
				+ "creates it");
		assertThat(plan.err()).contains("nothing was written");
		CliRun named = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-operator", "botkeeper-auditor"))
			.run(enable(app, "--remove-secret", "--plan", "--wide"));
		ok(named);
		assertThat(named.out()).as("a token that may read the ledger names the secret")
			.contains("deletes the environment secret " + world.defaults.secretName().value() + " of " + app);
		assertThat(mark(app)).as("--plan writes no mark").isNull();

		CliRun enable = operator.run(enable(app, "--remove-secret"));
		CliRun again = operator.run(enable(app, "--remove-secret"));
		CliRun withoutFlag = operator.run(enable(app));
		ok(enable);
		assertThat(enable.err()).contains("the broker's next sync deletes its environment secret there");
		assertThat(mark(app)).containsEntry("delivery", "oidc").containsEntry("remove_secret", "true")
			.containsEntry("environment", world.defaults.environment().value()).containsKey("since");
		ok(again);
		assertThat(again.err()).contains("Nothing changed");
		ok(withoutFlag);
		assertThat(mark(app)).as("enable without the flag leaves the mark as it is").isNotNull();

		CliRun syncPlan = broker.run("sync", "--plan", "--wide", app.toString());
		ok(syncPlan);
		assertThat(syncPlan.out()).contains("DELETE_SECRET").contains(Reason.OIDC_DELIVERY.sentence());
		assertThat(world.decrypted(app)).as("a plan deletes nothing").isEqualTo(token);

		ok(broker.run("sync", "--yes", app.toString()));
		assertThat(world.environment(app).secret(world.defaults.secretName().value())).as("gone from the simulator")
			.isNull();

		long mutating = world.github.counters().mutatingRequests();
		CliRun second = broker.run("sync", "--yes", "--wide", app.toString());
		CliRun full = broker.run("sync", "--yes", "--wide");
		CliRun planAfter = broker.run("sync", "--plan", "--wide", "--detailed-exitcode", app.toString());
		CliRun status = broker.run("status", "--drift", "--format", "json");
		CliRun recorded = VaultCli.as(vault, world.adminToken).run("status", "--format", "json");
		ok(second);
		ok(full);
		assertThat(world.github.counters().mutatingRequests()).as("not created again").isEqualTo(mutating);
		assertThat(world.decrypted(app)).isNull();
		assertThat(planAfter.exitCode()).as("nothing to do: " + planAfter.describe()).isEqualTo(ExitCodes.OK);
		assertThat(planAfter.out()).contains("NOOP").contains(Reason.OIDC_DELIVERED.sentence());
		assertThat(second.out() + second.err() + full.out() + full.err()).doesNotContain("CREATE_SECRET");
		for (CliRun run : List.of(status, recorded)) {
			ok(run);
			tools.jackson.databind.JsonNode row = null;
			for (tools.jackson.databind.JsonNode binding : JsonMapper.builder().build().readTree(run.out()).path("bindings")) {
				row = binding.path("repository").asString().equals(app.toString()) ? binding : row;
			}
			assertThat(row).as(run.describe()).isNotNull();
			assertThat(row.path("state").asString()).as(run.describe()).isEqualTo("SYNCED");
			assertThat(row.path("drift").asBoolean(false)).as(run.describe()).isFalse();
		}

		CliRun tokens = VaultCli.as(vault, world.adminToken).run("token", "list");
		ok(tokens);
		assertThat(tokens.out()).as("the token record stays: the workflow reads it").contains(app.toString());

		CliRun disable = operator.run("oidc", "disable", app.toString(), "--wide");
		ok(disable);
		assertThat(disable.out()).containsPattern("delete +oidc mark botkeeper/" + VaultLayout.oidcPath(app)
				+ " +the broker's next sync creates the environment secret of " + app + " again");
		assertThat(vault.root().read("botkeeper/metadata/" + VaultLayout.oidcPath(app))).as("every version gone").isNull();
		ok(broker.run("sync", "--yes", app.toString()));
		assertThat(world.decrypted(app)).as("pushed again after disable").isEqualTo(token);
		for (CliRun run : List.of(plan, named, enable, syncPlan, second, full, planAfter, status, recorded, tokens, disable)) {
			LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		}
	}

	@Test
	void aSecretBotkeeperDidNotCreateShouldNeverBeDeletedUnderAMark() {
		RepositoryName app = world.repositoryWithEnvironment("foreign");
		String theirs = LeakCanaries.fineGrainedPat();
		world.environment(app).putOutOfBand(world.defaults.secretName().value(), theirs, Instant.now());
		world.putToken(app);
		ok(operator.run(enable(app, "--remove-secret")));

		CliRun sync = broker.run("sync", "--yes", "--wide", app.toString());

		assertThat(sync.exitCode()).as("a person must act: " + sync.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(sync.out() + sync.err()).contains(Reason.OIDC_UNMANAGED_SECRET.sentence());
		assertThat(world.decrypted(app)).as("their secret stays as it was").isEqualTo(theirs);
		LeakCanaries.assertNoLeak(sync.describe(), sync.out() + sync.err());
	}

	@Test
	void onlyTheOperatorShouldWriteTheMarkAndTheBrokerReadIt() {
		RepositoryName app = RepositoryName.parse(world.owner + "/policy");
		ok(operator.run(enable(app, "--remove-secret")));
		String maintainer = "botkeeper-maintainer-" + world.owner;
		vault.root().write("sys/policies/acl/" + maintainer,
				Map.of("policy", new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(app))));
		String body = "{\"data\":{\"delivery\":\"oidc\",\"environment\":\"other\",\"remove_secret\":\"true\"}}";
		String path = markPath(app);
		String metadata = "botkeeper/metadata/" + VaultLayout.oidcPath(app);

		for (String policy : List.of("botkeeper-admin", maintainer, "botkeeper-broker", "botkeeper-auditor")) {
			VaultHttp http = vault.http(vault.tokenWithPolicies(policy));
			assertThat(http.post(path, body).status()).as(policy + " writes the mark").isEqualTo(403);
			assertThat(http.delete(metadata).status()).as(policy + " deletes the mark").isEqualTo(403);
			assertThat(http.delete(path).status()).as(policy + " deletes its latest version").isEqualTo(403);
		}
		VaultHttp asBroker = vault.http(world.brokerToken);
		assertThat(asBroker.get(path).status()).as("the broker reads the mark").isEqualTo(200);
		assertThat(asBroker.list("botkeeper/metadata/oidc").status()).as("and lists them").isEqualTo(200);
		assertThat(mark(app)).containsEntry("environment", world.defaults.environment().value());
	}

	@Test
	void aBrokerPolicyFromBeforeTheMarksShouldStopTheRunUntilVaultInitUpdatesIt() {
		RepositoryName app = world.repositoryWithEnvironment("old");
		world.putToken(app);
		String current = vault.policyText("botkeeper-broker");
		String old = current.substring(0, current.indexOf("path \"botkeeper/data/oidc/*\""));
		vault.root().write("sys/policies/acl/botkeeper-broker", Map.of("policy", old));
		long mutating = world.github.counters().mutatingRequests();

		CliRun sync = broker.run("sync", "--yes", app.toString());
		CliRun initPlan = oidc.initAsRoot("--plan");

		assertThat(sync.exitCode()).as(sync.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(sync.err()).contains("Cannot read the OIDC marks").contains("Run 'botkeeper vault init'");
		assertThat(world.github.counters().mutatingRequests()).as("nothing pushed").isEqualTo(mutating);
		ok(initPlan);
		assertThat(initPlan.out()).containsPattern("update +policy botkeeper-broker")
			.contains("+ botkeeper/data/oidc/*: read");

		ok(oidc.initAsRoot());
		ok(broker.run("sync", "--yes", app.toString()));
	}

}
