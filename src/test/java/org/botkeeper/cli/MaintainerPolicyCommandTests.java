package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

/** {@code vault policy maintainer} prints a policy without needing Vault; --write is tested against it. */
class MaintainerPolicyCommandTests {

	@Test
	void itShouldPrintThePolicyForTheGivenRepositoriesAndMounts() {
		CliRun run = CliRun.withEnv(Map.of("BOTKEEPER_KV_MOUNT", "bots"), "", "vault", "policy", "maintainer", "--repo",
				"jupyterhub/binderhub", "--repo", "jupyterhub/repo2docker");
		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).startsWith("# botkeeper-maintainer for: jupyterhub/binderhub, jupyterhub/repo2docker")
			.contains("path \"bots/data/tokens/jupyterhub/repo2docker\"")
			.doesNotContain("\"botkeeper/");
	}

	@Test
	void badRepositoriesAndPolicyNamesShouldBeBadInput() {
		assertThat(CliRun.run("vault", "policy", "maintainer", "--repo", "nope").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(CliRun.run("vault", "policy", "maintainer").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		CliRun badName = CliRun.run("vault", "policy", "maintainer", "--repo", "a/b", "--name", "bad name");
		assertThat(badName.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(badName.err()).contains("Invalid policy name");
	}

}
