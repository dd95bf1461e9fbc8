package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.newBinding;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.plaintext;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.sync.Binding;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writing as a GitHub App installation, through Prism. */
@ExtendWith(GitHubContractExtension.class)
class AppInstallationIntegrationTests {

	@Test
	void installationTokenShouldBeMintedUsedAndRenewedBeforeItExpires(GitHubContract github) {
		KeyPair pair = TestAppKeys.generate();
		github.simulator().credentials().registerApp("31337", (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(4242, "jupyterhub", GitHubContract.WRITER_APP));
		AppInstallationCredential app = new AppInstallationCredential("31337",
				AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs1Pem(pair))), 4242, github.time());
		EnvironmentSecretsClient client = github.connect(app).environments();
		Binding binding = newBinding(github, true);
		String token = LeakCanaries.fineGrainedPat();

		client.putSecret(binding, SecretValue.of(token));
		client.secret(binding);
		assertThat(app.tokensMinted()).isEqualTo(1);
		assertThat(plaintext(github, binding)).isEqualTo(token);
		assertThat(github.simulator().counters().count("POST", 201)).isPositive();

		github.time().advance(Duration.ofMinutes(56));
		client.secret(binding);
		assertThat(app.tokensMinted()).isEqualTo(2);
	}

	@Test
	void jwtOfAnUnknownKeyShouldBeRefusedWith401(GitHubContract github) {
		KeyPair registered = TestAppKeys.generate();
		KeyPair other = TestAppKeys.generate();
		github.simulator().credentials().registerApp("31338", (RSAPublicKey) registered.getPublic(),
				SimCredentials.Installation.allRepositories(4343, "jupyterhub", GitHubContract.WRITER_APP));
		AppInstallationCredential app = new AppInstallationCredential("31338",
				AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs8Pem(other))), 4343, github.time());
		Binding binding = newBinding(github, true);

		assertThatExceptionOfType(GitHubUnauthorizedException.class)
			.isThrownBy(() -> github.connect(app).environments().secret(binding))
			.withMessageContaining("GitHub returned 401 for the GitHub App JWT");
	}

}
