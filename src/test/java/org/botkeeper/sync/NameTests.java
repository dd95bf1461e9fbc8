package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameTests {

	@ParameterizedTest
	@ValueSource(strings = { "jupyterhub/binderhub", "a/b", "my-org/.github", "x1/repo_name.v2", "o/-dash" })
	void repositoryNamesGitHubAcceptsShouldParse(String text) {
		assertThat(RepositoryName.parse(text)).hasToString(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "binderhub", "a/b/c", "-org/repo", "org-/repo", "or--g/repo", "org/..", "org/.",
			"org/re po", "org/repo%2F", "org/", "/repo", "o\u0000/r",
			"a1234567890123456789012345678901234567890/repo" })
	void repositoryNamesGitHubRefusesShouldBeRejectedWithTheExpectedForm(String text) {
		assertThatThrownBy(() -> RepositoryName.parse(text)).isInstanceOf(InvalidNameException.class)
			.hasMessageStartingWith("Invalid repository")
			.hasMessageNotContaining("\u0000");
	}

	@Test
	void repositoryNamesShouldCompareWithoutCase() {
		assertThat(RepositoryName.parse("JupyterHub/BinderHub")).isEqualTo(RepositoryName.parse("jupyterhub/binderhub"))
			.hasSameHashCodeAs(RepositoryName.parse("jupyterhub/binderhub"));
	}

	@Test
	void environmentNamesShouldAllowSpacesAndSlashesButNoControlCharacters() {
		assertThat(new EnvironmentName("prod / bot")).hasToString("prod / bot");
		assertThatThrownBy(() -> new EnvironmentName("a\nb")).hasMessageContaining("\\u000a");
		assertThatThrownBy(() -> new EnvironmentName("x".repeat(256))).hasMessageContaining("255");
		assertThatThrownBy(() -> new EnvironmentName("")).isInstanceOf(InvalidNameException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GITHUB_TOKEN", "github_pat", "GitHub_X", "1ABC", "A-B", "A B", "" })
	void secretNamesGitHubRefusesShouldBeRejected(String name) {
		assertThatThrownBy(() -> new SecretName(name)).isInstanceOf(InvalidNameException.class)
			.hasMessageStartingWith("Invalid secret name");
	}

	@Test
	void bindingsShouldPrintOneWayEverywhere() {
		Binding binding = new Binding(RepositoryName.parse("jupyterhub/binderhub"), new EnvironmentName("jupyterhub-bot"),
				new SecretName("JUPYTERHUB_BOT_PAT"));
		assertThat(binding).hasToString("jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT");
	}

}
