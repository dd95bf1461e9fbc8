package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sync --config botkeeper.yaml} through the real CLI: a declared binding with no token and
 * a token Vault holds that the file does not declare are reported; a token bound elsewhere than its
 * declaration is reported and not written; a file with mistakes stops the run before Vault or GitHub
 * is asked anything.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class BindingsFileIntegrationTests {

	@TempDir
	Path dir;

	private SyncWorld world;

	private VaultCli broker;

	private RepositoryName matching;

	private RepositoryName missing;

	private RepositoryName elsewhere;

	private RepositoryName undeclared;

	private String matchingToken;

	private String undeclaredToken;

	private Path file;

	private String binding;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) throws IOException {
		world = new SyncWorld(vault, github);
		world.storeWriter();
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		matching = world.repositoryWithEnvironment("matching");
		missing = world.repositoryWithEnvironment("missing");
		elsewhere = world.repositoryWithEnvironment("elsewhere");
		undeclared = world.repositoryWithEnvironment("undeclared");
		matchingToken = world.putToken(matching);
		world.putToken(elsewhere);
		undeclaredToken = world.putToken(undeclared);
		world.expireLeaseIfHeld();
		binding = ":" + world.defaults.environment() + "/" + world.defaults.secretName();
		file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, """
				bindings:
				  - repository: %s
				    team: binderhub-maintainers
				  - repository: %s
				    team: hub-maintainers
				    permissions: [contents:write]
				  - repository: %s
				    destination: repository
				""".formatted(matching, missing, elsewhere));
	}

	private CliRun sync(VaultCli as, String... options) {
		List<String> args = new ArrayList<>(List.of("sync", "--wide", "--config", file.toString()));
		args.addAll(List.of(options));
		args.addAll(List.of(matching.toString(), missing.toString(), elsewhere.toString(), undeclared.toString()));
		CliRun run = as.run(args.toArray(String[]::new));
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		return run;
	}

	@Test
	void shouldReportTheFileAgainstVaultAndHoldBackATokenBoundElsewhere() {
		CliRun run = sync(broker, "--yes");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains(missing + binding + " is declared in " + file + ":4 (team hub-maintainers) but "
				+ "Vault has no token: botkeeper token put " + missing + " --environment "
				+ world.defaults.environment() + " --secret-name " + world.defaults.secretName() + "\n")
			.contains(elsewhere + " is declared in " + file + ":7 as " + elsewhere + ":[repository]/"
					+ world.defaults.secretName() + ", but its token in Vault is bound to " + elsewhere + binding
					+ ": not synced in this run. Correct the file, or rebind the token: botkeeper token put " + elsewhere
					+ " --destination repository --secret-name " + world.defaults.secretName()
					+ " (with the same value).\n")
			.contains(undeclared + binding + " has a token in Vault that " + file
					+ " does not declare: synced as usual; declare it to keep the file complete.\n")
			.doesNotContain(matching + " is declared");
		assertThat(world.decrypted(matching)).as("the declared binding is synced").isEqualTo(matchingToken);
		assertThat(world.decrypted(undeclared)).as("an undeclared token is left alone, still synced")
			.isEqualTo(undeclaredToken);
		assertThat(world.decrypted(elsewhere)).as("a token bound elsewhere than declared is not written").isNull();
		assertThat(world.github.state().repository(elsewhere.toString()).actionsSecrets()
			.secret(world.defaults.secretName().value())).isNull();
	}

	@Test
	void aJsonPlanShouldCarryWhatTheFileFound() {
		CliRun plan = sync(broker, "--plan", "--format", "json");

		assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		JsonNode document = JsonMapper.builder().build().readTree(plan.out());
		JsonNode config = document.get("config");
		assertThat(config.get("file").asString()).isEqualTo(file.toString());
		assertThat(config.at("/missing/0/binding").asString()).isEqualTo(missing + binding);
		assertThat(config.at("/missing/0/declared_at").asString()).isEqualTo(file + ":4");
		assertThat(config.at("/missing/0/team").asString()).isEqualTo("hub-maintainers");
		assertThat(config.at("/missing/0/permissions/0").asString()).isEqualTo("contents:write");
		assertThat(config.at("/undeclared/0").asString()).isEqualTo(undeclared + binding);
		assertThat(config.at("/differing/0/in_vault").asString()).isEqualTo(elsewhere + binding);
		assertThat(document.get("items").valueStream().map(item -> item.get("binding").asString()))
			.as("the binding bound elsewhere is held back from the plan")
			.containsExactlyInAnyOrder(matching + binding, undeclared + binding);
		assertThat(world.decrypted(matching)).as("a plan writes nothing").isNull();
		CliRun detailed = sync(broker, "--plan", "--detailed-exitcode");
		assertThat(detailed.exitCode()).as(detailed.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
	}

	@Test
	void aNamedRepositoryNeitherDeclaredNorInVaultShouldStillBeRefusedAsATypo() {
		RepositoryName typo = world.repository("typo");

		CliRun run = broker.run("sync", "--plan", "--config", file.toString(), missing.toString(), typo.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("No token record for " + typo + " in Vault")
			.doesNotContain("No token record for " + missing);
	}

	@Test
	void aFileWithMistakesShouldStopTheRunBeforeAnythingIsAsked() throws IOException {
		Files.writeString(file, """
				bindings:
				  - repository: %s
				    destination: organisation
				  - repository: %s
				    destination: dependabot
				    environment: deploy
				""".formatted(matching, elsewhere));
		long requests = world.github.counters().requests();

		CliRun run = sync(broker.with("VAULT_ADDR", "http://127.0.0.1:9"), "--yes");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains(file + ":3: 'destination': Unknown destination 'organisation': use one of "
				+ "environment, repository, dependabot.")
			.contains(file + ":6: a Dependabot secret has no environment: drop 'environment', or write "
					+ "'destination: environment'.")
			.doesNotContain("127.0.0.1:9");
		assertThat(world.github.counters().requests()).as("GitHub is not asked").isEqualTo(requests);
	}

}
