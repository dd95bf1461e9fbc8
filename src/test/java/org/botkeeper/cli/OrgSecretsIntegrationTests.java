package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.github.SecretScope;
import org.botkeeper.githubsim.SimFaults.PathFault;
import org.botkeeper.githubsim.SimOrganisation;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DateShiftingProxy;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.KvRecords;
import org.botkeeper.vault.OrgSecretStore;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #19's strategy B through the real CLI: one token for a chosen list of repositories of one
 * organisation, kept in Vault by {@code org-secret put} and synced by {@code sync} into an organisation
 * Actions secret with visibility {@code selected} and exactly those repositories; a repository added
 * on GitHub by hand is removed again, a secret botkeeper did not create is left alone without
 * {@code --adopt}, and a maintainer's policy reaches none of it.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class OrgSecretsIntegrationTests {

	private static final String NAME = "SHARED_PAT";

	private SyncWorld world;

	private VaultFixture vault;

	private VaultCli admin;

	private VaultCli broker;

	private RepositoryName alpha;

	private RepositoryName beta;

	private RepositoryName gamma;

	private final List<String> outputs = new ArrayList<>();

	/** The writer: an owner's classic PAT with admin:org, as GitHub wants for organisation secrets. */
	private String writerPat;

	private GitHubContract github;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.vault = vault;
		this.github = github;
		world = new SyncWorld(vault, github);
		writerPat = github.newWriterToken("repo", "workflow", "admin:org");
		world.storeWriter(writerPat);
		// Organisation secrets are an owner's to read and write: the writer owns the organisation.
		world.github.state().addOrganisation(world.owner, SimState.WRITER);
		admin = VaultCli.as(vault, world.adminToken);
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		alpha = world.repository("alpha");
		beta = world.repository("beta");
		gamma = world.repository("gamma");
		world.expireLeaseIfHeld();
	}

	/** The records go: the Vault is shared, and other classes' unnamed syncs would plan them. */
	@AfterEach
	void removeTheRecords() {
		OrgSecretTarget target = new OrgSecretTarget(world.owner, new SecretName(NAME));
		new OrgSecretStore(world.admin, world.layout, "botkeeper-admin").remove(target);
		KvRecords ledger = new KvRecords(world.broker, world.layout, "botkeeper-broker");
		if (ledger.metadata(VaultLayout.orgLedgerPath(target)).isPresent()) {
			ledger.destroy(VaultLayout.orgLedgerPath(target));
		}
		outputs.forEach(output -> LeakCanaries.assertNoLeak("org-secret output", output));
	}

	private String put(String repositories) {
		String token = LeakCanaries.fineGrainedPat();
		CliRun run = admin.withStdin(token + "\n", "org-secret", "put", world.owner, "--secret-name", NAME,
				"--repositories", repositories);
		keep(run);
		assertThat(run.exitCode()).as(run.describe()).isZero();
		return token;
	}

	private CliRun sync(String... options) {
		List<String> args = new ArrayList<>(List.of("sync", "--wide", "--organisation", world.owner));
		args.addAll(List.of(options));
		return keep(broker.run(args.toArray(String[]::new)));
	}

	private CliRun keep(CliRun run) {
		outputs.add(run.out() + run.err());
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		return run;
	}

	/**
	 * The fault matrix for this destination: GitHub failing on the organisation's secrets endpoints fails
	 * the organisation secret alone, a binding in the same run is applied, and the next run converges.
	 */
	@ParameterizedTest(name = "organisation secrets endpoints answering {0}")
	@MethodSource("faults")
	void aGitHubFailureOnTheOrganisationsSecretsShouldFailThatSecretAloneAndTheNextRunConverge(String what,
			PathFault fault, String expected) {
		String token = put("alpha,beta");
		RepositoryName other = world.repositoryWithEnvironment("other");
		String otherToken = world.putToken(other);
		world.github.faults().onPath("/orgs/" + world.owner + "/actions/secrets", fault);
		// The simulator directly: an odd body would break GitHub's OpenAPI description, which is the point.
		VaultCli direct = broker.with("GITHUB_API_URL", world.github.url()).with("BOTKEEPER_WRITE_GAP", "0s");

		CliRun run = keep(direct.run("sync", "--yes", "--wide", "--organisation", world.owner, other.toString()));

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.out() + run.err()).doesNotContain("Internal error").contains(display(2)).contains("FAILED")
			.contains(expected);
		assertThat(world.decrypted(other)).as("the binding in the same run is applied: " + run.describe())
			.isEqualTo(otherToken);
		assertThat(opened()).isNull();
		world.github.faults().clear();
		CliRun next = keep(direct.run("sync", "--yes", "--organisation", world.owner, other.toString()));
		assertThat(next.exitCode()).as("the next run converges: " + next.describe()).isZero();
		assertThat(opened()).isEqualTo(token);
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(id(alpha), id(beta));
	}

	/**
	 * GitHub took the secret and Vault did not answer its confirmation (what a raft cluster answers while it
	 * elects a new active node, here the one write that records it): the run waits, records it once Vault
	 * answers, and the next run has nothing to write.
	 */
	@Test
	void aConfirmationVaultDidNotAnswerShouldBeRecordedOnceVaultAnswersAndTheSecretWrittenOnce() throws Exception {
		String token = put("alpha,beta");
		String ledger = "/v1/botkeeper/data/" + VaultLayout.orgLedgerPath(new OrgSecretTarget(world.owner, new SecretName(NAME)));
		try (DateShiftingProxy proxy = DateShiftingProxy.start(vault.server().address(), java.time.Duration.ZERO)) {
			VaultCli throughProxy = broker.with("VAULT_ADDR", proxy.address().toString());
			world.github.faults().holdAfterSecretPut(1);
			java.util.concurrent.CompletableFuture<CliRun> sync = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> throughProxy.run("sync", "--yes", "--organisation", world.owner));
			assertThat(world.github.faults().awaitHeld(java.time.Duration.ofSeconds(60))).as("the PUT was reached").isTrue();
			proxy.failing(ledger, 503, 1);
			world.github.faults().releaseHeld();

			CliRun run = keep(sync.get(60, java.util.concurrent.TimeUnit.SECONDS));

			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(opened()).isEqualTo(token);
			assertThat(proxy.requests()).filteredOn(request -> request.startsWith("PUT " + ledger)
					|| request.startsWith("POST " + ledger))
				.as("the intent, the confirmation Vault did not answer, and the same confirmation again")
				.hasSize(3);
			CliRun again = sync("--yes");
			assertThat(again.exitCode()).as(again.describe()).isZero();
			assertThat(again.err()).as("each version written once").contains("Nothing to do");
		}
	}

	static Stream<Arguments> faults() {
		return Stream.of(Arguments.of("502 on every try", PathFault.status(502), "GitHub returned 502 on 4 tries"),
				Arguments.of("a body that is not JSON", PathFault.body("<html>oops</html>"),
						"does not have the documented shape"));
	}

	private SimOrganisation organisation() {
		return world.github.state().organisation(world.owner);
	}

	private String opened() {
		SimSecret secret = organisation().secretStore().secret(NAME);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	private long id(RepositoryName repository) {
		return world.github.state().repository(repository.toString()).id();
	}

	private String display(int repositories) {
		return world.owner.toLowerCase(java.util.Locale.ROOT) + ":[organisation]/" + NAME + " (" + repositories
				+ " repositories)";
	}

	@Test
	void anOrganisationSecretShouldBeGivenToExactlyItsRepositoriesAndKeptSo() {
		String token = put("alpha,beta");

		CliRun plan = sync("--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).contains(display(2)).contains("CREATE_SECRET");
		assertThat(plan.err()).contains(display(2) + " is an organisation Actions secret with visibility 'selected': "
				+ "every workflow of the 2 selected repositories of " + world.owner.toLowerCase(java.util.Locale.ROOT)
				+ ", on any branch, can read it.");

		CliRun apply = sync("--yes");

		assertThat(apply.exitCode()).as(apply.describe()).isZero();
		assertThat(opened()).as("GitHub opens the organisation secret to the token").isEqualTo(token);
		assertThat(organisation().visibility(NAME)).isEqualTo("selected");
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(id(alpha), id(beta));

		// Someone gives the secret to a third repository on GitHub, by hand.
		github.connect(new PersonalAccessToken(SecretValue.of(writerPat))).organisationSecrets().selectRepositories(new SecretScope.Organisation(world.owner),
				new SecretName(NAME), Set.of(id(alpha), id(beta), id(gamma)));
		CliRun drift = sync("--plan", "--detailed-exitcode");

		assertThat(drift.exitCode()).as(drift.describe()).isEqualTo(ExitCodes.CHANGES_PENDING);
		assertThat(drift.out()).contains("UPDATE_SECRET").contains("selected repositories on GitHub differ")
			.contains("removes " + world.owner.toLowerCase(java.util.Locale.ROOT) + "/gamma");

		CliRun repair = sync("--yes");

		assertThat(repair.exitCode()).as(repair.describe()).isZero();
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(id(alpha), id(beta));
		assertThat(opened()).as("a list repair leaves the value").isEqualTo(token);

		long mutating = world.github.counters().mutatingRequests();
		CliRun again = sync("--yes");

		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing to do");
		assertThat(world.github.counters().mutatingRequests()).as("in sync: nothing written").isEqualTo(mutating);

		CliRun list = admin.run("org-secret", "list");
		keep(list);
		assertThat(list.out()).contains("alpha, beta");
		CliRun status = keep(admin.run("status", "--wide"));
		assertThat(status.out()).containsPattern(java.util.regex.Pattern.quote(display(2)) + " +SYNCED");
		CliRun json = keep(admin.run("status", "--format", "json"));
		assertThat(json.out()).contains("\"organisation_secrets\"")
			.contains("\"secret\" : \"" + world.owner.toLowerCase(java.util.Locale.ROOT) + ":[organisation]/" + NAME + "\"");
	}

	/**
	 * {@code status --drift} asks GitHub about organisation secrets through the sync's own plan, as the
	 * writer: a list changed on GitHub and a visibility widened are drift (PENDING, exit 0, as a binding's
	 * drift); a repository the writer cannot see leaves drift unknown and the secret FAILING (exit 4).
	 */
	@Test
	void statusDriftShouldAskGitHubWhetherAnOrganisationSecretsListOrVisibilityChanged() {
		String token = put("alpha,beta");
		assertThat(sync("--yes").exitCode()).isZero();
		String row = java.util.regex.Pattern.quote(display(2));
		String secret = "\"secret\" : \"" + world.owner.toLowerCase(java.util.Locale.ROOT) + ":[organisation]/" + NAME + "\"";

		CliRun fromVault = keep(admin.run("status", "--wide", "--organisation", world.owner));
		assertThat(fromVault.exitCode()).as(fromVault.describe()).isZero();
		assertThat(fromVault.out()).containsPattern(row + " +SYNCED +1 +1 +not checked ").doesNotContain("BINDING");
		CliRun clean = keep(broker.run("status", "--drift", "--wide", "--organisation", world.owner));
		assertThat(clean.exitCode()).as(clean.describe()).isZero();
		assertThat(clean.out()).containsPattern(row + " +SYNCED +1 +1 +no +every workflow of alpha, beta");
		assertThat(clean.err()).doesNotContain("not checked");

		// Someone gives the secret to a third repository on GitHub, by hand.
		github.connect(new PersonalAccessToken(SecretValue.of(writerPat))).organisationSecrets().selectRepositories(
				new SecretScope.Organisation(world.owner), new SecretName(NAME), Set.of(id(alpha), id(beta), id(gamma)));
		long mutating = world.github.counters().mutatingRequests();

		CliRun listed = keep(broker.run("status", "--drift", "--wide", "--organisation", world.owner));

		assertThat(listed.exitCode()).as("drift alone is no failure: " + listed.describe()).isZero();
		assertThat(listed.out()).containsPattern(row + " +PENDING +1 +1 +yes +.*selected repositories on GitHub differ")
			.contains("removes " + world.owner.toLowerCase(java.util.Locale.ROOT) + "/gamma");
		CliRun json = keep(broker.run("status", "--drift", "--format", "json", "--organisation", world.owner));
		assertThat(json.exitCode()).as(json.describe()).isZero();
		assertThat(json.out()).contains(secret).contains("\"drift\" : true").contains("\"state\" : \"PENDING\"")
			.contains("\"bindings\" : [ ]");
		assertThat(world.github.counters().mutatingRequests()).as("status writes nothing").isEqualTo(mutating);
		assertThat(organisation().selectedRepositoryIds(NAME)).contains(id(gamma));
		CliRun vaultOnly = keep(admin.run("status", "--format", "json", "--organisation", world.owner));
		assertThat(vaultOnly.out()).as("unknown is not 'no drift'").contains("\"drift\" : null");

		// Set back; then someone makes it visible to every repository of the organisation.
		assertThat(sync("--yes").exitCode()).isZero();
		organisation().putOutOfBand(NAME, "theirs", Instant.now().plusSeconds(5));

		CliRun widened = keep(broker.run("status", "--drift", "--wide", "--organisation", world.owner));

		assertThat(widened.exitCode()).as(widened.describe()).isZero();
		assertThat(widened.out()).containsPattern(row + " +PENDING +1 +1 +yes +.*visibility 'all'");
		assertThat(sync("--yes").exitCode()).isZero();
		assertThat(opened()).isEqualTo(token);

		// Named repositories leave the organisation secrets out, as without --drift.
		world.putToken(alpha);
		CliRun named = keep(broker.run("status", "--drift", "--wide", alpha.toString()));
		assertThat(named.out()).as(named.describe()).contains(alpha.toString()).doesNotContain("ORGANISATION SECRET");

		// A repository the writer cannot see: the secret fails, and whether it drifted is not known.
		put("alpha,no-such-repo");
		CliRun failing = keep(broker.run("status", "--drift", "--wide", "--organisation", world.owner));

		assertThat(failing.exitCode()).as(failing.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(failing.out())
			.containsPattern(row + " +FAILING +2 +1 +not checked +.*no-such-repo does not exist on GitHub");
	}

	@Test
	void anOrganisationSecretBotkeeperDidNotCreateShouldBeLeftAloneWithoutAdopt() {
		organisation().putOutOfBand(NAME, "theirs", Instant.now());
		String token = put("alpha");

		CliRun refused = sync("--yes");

		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(refused.out() + refused.err()).contains("botkeeper did not create; rerun with --adopt");
		assertThat(opened()).isEqualTo("theirs");
		assertThat(organisation().visibility(NAME)).isEqualTo("all");

		CliRun adopted = sync("--yes", "--adopt");

		assertThat(adopted.exitCode()).as(adopted.describe()).isZero();
		assertThat(opened()).isEqualTo(token);
		assertThat(organisation().visibility(NAME)).isEqualTo("selected");
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactly(id(alpha));
	}

	@Test
	void aRepositoryTheWriterCannotSeeShouldFailThatSecretWithItsName() {
		put("alpha,no-such-repo");

		CliRun plan = sync("--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(plan.out()).contains("FAILED")
			.contains(world.owner.toLowerCase(java.util.Locale.ROOT) + "/no-such-repo does not exist on GitHub");
		assertThat(organisation().visibility(NAME)).as("nothing written").isNull();
	}

	@Test
	void aMaintainerShouldNeitherWriteNorReadOrganisationSecrets() {
		put("alpha");
		String policy = "botkeeper-maintainer-" + world.owner.toLowerCase(java.util.Locale.ROOT);
		vault.root().write("sys/policies/acl/" + policy,
				Map.of("policy", new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(alpha))));
		VaultCli maintainer = VaultCli.as(vault, vault.tokenWithPolicies(policy));

		CliRun write = keep(maintainer.withStdin(LeakCanaries.fineGrainedPat() + "\n", "org-secret", "put", world.owner,
				"--secret-name", NAME, "--repositories", "alpha"));
		CliRun list = keep(maintainer.run("org-secret", "list"));

		assertThat(write.exitCode()).as(write.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(write.err()).contains("permission denied");
		assertThat(list.exitCode()).as(list.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(list.err()).contains("permission denied");
		assertThat(vault.http(vault.tokenWithPolicies(policy))
			.get("botkeeper/data/" + VaultLayout.orgSecretPath(new OrgSecretTarget(world.owner, new SecretName(NAME))))
			.status()).isEqualTo(403);
	}

	@Test
	void aRemovedRecordShouldLeaveItsSecretUntilPrune() {
		put("alpha");
		assertThat(sync("--yes").exitCode()).isZero();
		CliRun removed = keep(admin.run("org-secret", "rm", world.owner, "--secret-name", NAME, "--yes"));
		assertThat(removed.exitCode()).as(removed.describe()).isZero();

		CliRun kept = sync("--yes");

		assertThat(kept.exitCode()).as(kept.describe()).isZero();
		assertThat(kept.err()).contains("use --prune to delete it");
		assertThat(organisation().visibility(NAME)).as("without --prune the secret stays").isEqualTo("selected");

		CliRun pruned = sync("--yes", "--prune");

		assertThat(pruned.exitCode()).as(pruned.describe()).isZero();
		assertThat(organisation().visibility(NAME)).as("botkeeper's own secret is deleted").isNull();
		assertThat(sync("--yes").err()).as("and its ledger record with it").doesNotContain(NAME);
	}

	@Test
	void aMetadataEditShouldNotGiveTheTokenToAnotherRepository() {
		put("alpha,beta");
		assertThat(sync("--yes").exitCode()).isZero();
		// Whoever may edit metadata rewrites the display copy of the list, hoping the broker follows it.
		OrgSecretTarget target = new OrgSecretTarget(world.owner, new SecretName(NAME));
		new KvRecords(world.admin, world.layout, "botkeeper-admin").writeCustomMetadata(
				VaultLayout.orgSecretPath(target), Map.of("organisation", target.organisation(), "secret_name", NAME,
						"repositories", "alpha,beta,gamma"));

		CliRun again = sync("--yes");

		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing to do");
		assertThat(organisation().selectedRepositoryIds(NAME)).as("the list comes from the value's own version")
			.containsExactlyInAnyOrder(id(alpha), id(beta));
	}

	@Test
	void aSecretMadeVisibleToAllShouldFailGuardrailsUntilTheNextSyncWritesItBack() {
		String token = put("alpha");
		assertThat(sync("--yes").exitCode()).isZero();
		String subject = world.owner.toLowerCase(java.util.Locale.ROOT) + ":[organisation]/" + NAME;
		CliRun before = keep(broker.run("guardrails", "--wide", "--organisation", world.owner));
		assertThat(before.out()).as(before.describe())
			.containsPattern(java.util.regex.Pattern.quote(subject) + " +secret-scope +ok");

		// Someone makes it visible to every repository of the organisation, on GitHub.
		organisation().putOutOfBand(NAME, "theirs", Instant.now().plusSeconds(5));
		CliRun widened = keep(broker.run("guardrails", "--wide", "--organisation", world.owner));

		assertThat(widened.exitCode()).as(widened.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(widened.out()).containsPattern(java.util.regex.Pattern.quote(subject) + " +secret-scope +FAIL")
			.contains("its visibility is 'all'").contains("botkeeper sync --organisation");

		CliRun repaired = sync("--yes");

		assertThat(repaired.exitCode()).as(repaired.describe()).isZero();
		assertThat(organisation().visibility(NAME)).isEqualTo("selected");
		assertThat(opened()).isEqualTo(token);
		assertThat(keep(broker.run("guardrails", "--wide", "--organisation", world.owner)).out())
			.containsPattern(java.util.regex.Pattern.quote(subject) + " +secret-scope +ok");
	}

	@Test
	void anInvalidOrganisationShouldBeRefusedBeforeAnythingIsAsked() {
		CliRun run = keep(broker.run("sync", "--plan", "--organisation", "not an org"));

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("Invalid repository owner 'not an org'");
		CliRun status = keep(broker.run("status", "--drift", "--organisation", "not an org"));
		assertThat(status.exitCode()).as(status.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(status.err()).contains("Invalid repository owner 'not an org'");
	}

	/**
	 * Bindings as code for strategy B: the reviewed file says which repositories get the token. A record
	 * that gives it to others is held back (no push, no list repair) and a declared one with no record is
	 * named with the command that stores it, both with exit 1; the file's bindings are not compared in a
	 * run that syncs none.
	 */
	@Test
	void organisationSecretsShouldBeHeldAgainstTheirDeclarations(@org.junit.jupiter.api.io.TempDir
	java.nio.file.Path folder) throws java.io.IOException {
		String token = put("alpha,beta");
		String organisation = world.owner.toLowerCase(java.util.Locale.ROOT);
		java.nio.file.Path file = folder.resolve("botkeeper.yaml");
		java.nio.file.Files.writeString(file, """
				bindings:
				  - repository: %1$s
				organisation_secrets:
				  - organisation: %2$s
				    secret_name: %3$s
				    repositories: [alpha, gamma]
				    team: hub-maintainers
				  - organisation: %2$s
				    secret_name: OTHER_PAT
				    repositories: [beta]
				""".formatted(alpha, world.owner, NAME));

		CliRun plan = keep(broker.run("sync", "--plan", "--detailed-exitcode", "--organisation", world.owner, "--config",
				file.toString()));

		assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(plan.err()).contains(organisation + ":[organisation]/" + NAME + " is declared in " + file + ":4 for "
				+ "alpha, gamma, but its record in Vault gives it to alpha, beta: not synced in this run. Correct the file, "
				+ "or store the record again: botkeeper org-secret put " + organisation + " --secret-name " + NAME
				+ " --repositories alpha,gamma (with the same value).")
			.contains(organisation + ":[organisation]/OTHER_PAT is declared in " + file + ":8 but Vault has no token: "
					+ "botkeeper org-secret put " + organisation + " --secret-name OTHER_PAT --repositories beta")
			.as("--organisation alone compares no binding").doesNotContain(alpha + " is declared");
		assertThat(plan.out()).as("held back").doesNotContain("CREATE_SECRET");

		CliRun json = keep(broker.run("sync", "--plan", "--format", "json", "--organisation", world.owner, "--config",
				file.toString()));
		assertThat(json.exitCode()).as(json.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		tools.jackson.databind.JsonNode config = tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(json.out())
			.path("config")
			.path("organisation_secrets");
		assertThat(config.path("missing").path(0).path("organisation_secret").asString())
			.isEqualTo(organisation + ":[organisation]/OTHER_PAT");
		assertThat(config.path("differing").path(0).path("declared_at").asString()).isEqualTo(file + ":4");
		assertThat(config.path("differing").path(0).path("in_vault").toString()).isEqualTo("[\"alpha\",\"beta\"]");

		CliRun held = keep(broker.run("sync", "--yes", "--organisation", world.owner, "--config", file.toString()));

		assertThat(held.exitCode()).as(held.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(opened()).as("nothing pushed while file and record differ").isNull();

		java.nio.file.Files.writeString(file, """
				organisation_secrets:
				  - organisation: %s
				    secret_name: %s
				    repositories: [beta, alpha]
				""".formatted(world.owner, NAME));
		CliRun agreed = keep(broker.run("sync", "--yes", "--organisation", world.owner, "--config", file.toString()));

		assertThat(agreed.exitCode()).as(agreed.describe()).isZero();
		assertThat(opened()).isEqualTo(token);
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(id(alpha), id(beta));

		java.nio.file.Files.writeString(file, "bindings: []\n");
		CliRun undeclared = keep(broker.run("sync", "--plan", "--organisation", world.owner, "--config", file.toString()));

		assertThat(undeclared.exitCode()).as("flagged, not a failure: " + undeclared.describe()).isZero();
		assertThat(undeclared.err()).contains(organisation + ":[organisation]/" + NAME + " has a token in Vault that "
				+ file + " does not declare: synced as usual; declare it to keep the file complete.");
	}

	@Test
	void aBadOrganisationSecretDeclarationShouldBeRefusedWithItsLineBeforeAnythingIsAsked(
			@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws java.io.IOException {
		java.nio.file.Path file = folder.resolve("botkeeper.yaml");
		java.nio.file.Files.writeString(file, """
				organisation_secrets:
				  - organisation: %s
				    secret_name: %s
				    repositories: %s/alpha
				""".formatted(world.owner, NAME, world.owner));
		long requests = world.github.counters().requests();

		CliRun run = keep(broker.run("sync", "--plan", "--organisation", world.owner, "--config", file.toString()));

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains(file + ":4: 'repositories' must be a list of at least one repository name within "
				+ "the organisation: write e.g. [binderhub, repo2docker].");
		assertThat(world.github.counters().requests()).as("nothing asked of GitHub").isEqualTo(requests);
	}

	@Test
	void aPutShouldRefuseAMissingListBeforeReadingTheToken() {
		CliRun run = keep(admin.withStdin("not-read\n", "org-secret", "put", world.owner, "--secret-name", NAME,
				"--repositories", " , "));

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("--repositories needs at least one repository name");
	}

}
