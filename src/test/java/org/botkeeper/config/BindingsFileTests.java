package org.botkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem of a bindings file is reported at once, each with the line to fix and what to write. */
class BindingsFileTests {

	private static final EnvironmentName ENV = new EnvironmentName("jupyterhub-bot");

	private static final SecretName NAME = new SecretName("JUPYTERHUB_BOT_PAT");

	@TempDir
	Path dir;

	@Test
	void shouldReadDeclarationsAndFillInTheDefaults() throws IOException {
		BindingsFile file = read("""
				bindings:
				  - repository: jupyterhub/binderhub
				    team: binderhub-maintainers
				    permissions: [contents:write, metadata:read]
				  - repository: jupyterhub/repo2docker
				    destination: dependabot
				    secret_name: BOT_PAT
				  - repository: jupyter/notebook
				    environment: deploy
				""");

		assertThat(file.declarations()).extracting(BindingsFile.Declaration::binding)
			.containsExactly(new Binding(RepositoryName.parse("jupyterhub/binderhub"), ENV, NAME),
					new Binding(RepositoryName.parse("jupyterhub/repo2docker"), null, new SecretName("BOT_PAT"),
							DestinationKind.DEPENDABOT),
					new Binding(RepositoryName.parse("jupyter/notebook"), new EnvironmentName("deploy"), NAME));
		BindingsFile.Declaration first = file.declarations().get(0);
		assertThat(first.line()).isEqualTo(2);
		assertThat(first.team()).contains("binderhub-maintainers");
		assertThat(first.permissions()).containsExactly("contents:write", "metadata:read");
		assertThat(file.where(file.declarations().get(2))).isEqualTo(dir.resolve("botkeeper.yaml") + ":8");
		assertThat(file.declarationOf(RepositoryName.parse("JupyterHub/BinderHub"))).contains(first);
	}

	/** Several bots: each declaration is one bot's, and each bot's runs hold its records against its own. */
	@Test
	void eachBotShouldSeeItsOwnDeclarationsAndMayDeclareARepositoryTheOtherDeclares() throws IOException {
		BindingsFile file = read("""
				bindings:
				  - repository: jupyterhub/binderhub
				  - repository: jupyterhub/binderhub
				    account: Lab-Bot
				    secret_name: LAB_BOT_PAT
				  - repository: jupyterlab/jupyterlab
				    account: lab-bot
				""");

		assertThat(file.declarations()).hasSize(3);
		assertThat(file.forAccount(java.util.Optional.empty()).declarations()).extracting(d -> d.binding().toString())
			.containsExactly("jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT");
		assertThat(file.forAccount(java.util.Optional.of("LAB-bot")).declarations()).extracting(d -> d.line())
			.containsExactly(3, 6);
		assertThat(file.forAccount(java.util.Optional.of("other-bot")).declarations()).isEmpty();
	}

	@Test
	void anAccountThatIsNoLoginOrARepositoryDeclaredTwiceForOneBotShouldBeRefusedWithItsLine() throws IOException {
		assertThatThrownBy(() -> read("""
				bindings:
				  - repository: jupyterhub/binderhub
				    account: lab bot
				  - repository: jupyterlab/jupyterlab
				    account: lab-bot
				  - repository: JupyterLab/JupyterLab
				    account: LAB-BOT
				""")).isInstanceOf(UserFacingException.class)
			.hasMessageContaining("botkeeper.yaml:3: 'account': write the bot's GitHub login as --account takes it")
			.hasMessageContaining("botkeeper.yaml:6: JupyterLab/JupyterLab is declared again (first at line 4): a "
					+ "repository has one token record of bot lab-bot, so declare it once.");
	}

	@Test
	void shouldReadAnEmptyListAsNoBindings() throws IOException {
		assertThat(read("bindings: []\n").declarations()).isEmpty();
	}

	@Test
	void shouldReportEveryProblemOfTheFileWithItsLine() throws IOException {
		String message = problems("""
				bindings:
				  - repository: jupyterhub
				  - repository: jupyterhub/binderhub
				    destination: org
				  - repository: jupyterhub/repo2docker
				    destination: repository
				    environment: deploy
				  - repository: jupyterhub/zero-to-jupyterhub-k8s
				    secret_name: GITHUB_TOKEN
				  - repository: jupyterhub/oauthenticator
				    environment: "."
				  - repository: jupyterhub/kubespawner
				    colour: blue
				  - destination: dependabot
				  - repository: jupyterhub/kubespawner
				  - repository: jupyterhub/ltiauthenticator
				    permissions: [contents]
				  - repository: jupyterhub/tljh
				    permissions: contents:write
				  - repository:
				""");

		String file = dir.resolve("botkeeper.yaml").toString();
		assertThat(message.lines().toList()).containsExactly(
				file + ":2: 'repository': Invalid repository 'jupyterhub': expected OWNER/REPO, e.g. jupyterhub/binderhub.",
				file + ":4: 'destination': Unknown destination 'org': use one of environment, repository, dependabot.",
				file + ":7: a repository Actions secret has no environment: drop 'environment', or write "
						+ "'destination: environment'.",
				file + ":9: 'secret_name': Invalid secret name 'GITHUB_TOKEN': GitHub reserves the prefix GITHUB_.",
				file + ":11: 'environment': Invalid environment name '.': use 1 to 255 printable characters, not '.' "
						+ "or '..'.",
				file + ":13: unknown key 'colour': a binding has repository, account, destination, environment, secret_name, "
						+ "team, permissions (a value never belongs in this file).",
				file + ":14: missing 'repository': write 'repository: OWNER/REPO'.",
				file + ":15: jupyterhub/kubespawner is declared again (first at line 12): a repository has one token "
						+ "record, so declare it once.",
				file + ":17: 'permissions': 'contents' is not a permission: use NAME:LEVEL with GitHub's parameter name "
						+ "and read, write or admin, e.g. contents:write.",
				file + ":19: 'permissions' must be a list: write e.g. [contents:write, metadata:read].",
				file + ":20: 'repository' needs a single value on the same line.");
	}

	@Test
	void shouldRefuseAFileThatIsNotYaml() throws IOException {
		assertThat(problems("bindings:\n  - repository: a/b\n   bad: [\n")).startsWith(dir.resolve("botkeeper.yaml") + ":")
			.contains("not valid YAML (")
			.endsWith("Write 'bindings:' followed by a list of '- repository: OWNER/REPO' entries.");
	}

	@Test
	void shouldRefuseAFileWithoutABindingsList() throws IOException {
		String file = dir.resolve("botkeeper.yaml").toString();
		assertThat(problems("")).isEqualTo(file + ":1: expected 'bindings:' followed by a list of '- repository: "
				+ "OWNER/REPO' entries (or 'organisation_secrets:' followed by '- organisation: ORG' entries).");
		assertThat(problems("repositories:\n  - a/b\n")).isEqualTo(file + ":1: unknown top-level key 'repositories': "
				+ "the file has only 'bindings:' (repository bindings) and 'organisation_secrets:'.");
		assertThat(problems("bindings: jupyterhub/binderhub\n")).isEqualTo(file + ":1: 'bindings' must be a list: write "
				+ "each binding on a line of its own starting with '- repository: OWNER/REPO'.");
	}

	@Test
	void shouldRefuseATokenInTheFileWithoutRepeatingIt() throws IOException {
		String token = "ghp_" + "a".repeat(36);
		String message = problems("bindings:\n  - repository: a/b\n    team: " + token + "\n    " + token + ": x\n");

		assertThat(message).doesNotContain(token)
			.contains(":3: 'team' holds what looks like a GitHub token")
			.contains(":4: unknown key (shaped like a GitHub token, not repeated)");
	}

	@Test
	void shouldRefuseAFileThatIsNotUtf8() throws IOException {
		Path file = dir.resolve("botkeeper.yaml");
		Files.write(file, new byte[] { 'b', 'i', 'n', (byte) 0xff, (byte) 0xfe, ':' });
		assertThatThrownBy(() -> BindingsFile.read(file, ENV, NAME)).isInstanceOf(UserFacingException.class)
			.hasMessage(file + ": not UTF-8 text. Save the bindings file as UTF-8.");
	}

	@Test
	void shouldNameAMissingFile() {
		Path missing = dir.resolve("nope.yaml");
		assertThatThrownBy(() -> BindingsFile.read(missing, ENV, NAME)).isInstanceOf(UserFacingException.class)
			.hasMessage(missing + ": no such file. Give sync --config (serve: botkeeper.config) the path of a bindings "
					+ "file (botkeeper.yaml, see README 'Bindings as code').");
	}

	@Test
	void permissionsShouldBeReadAsTokenRotateReadsThemEachProblemOnItsLine() throws IOException {
		assertThat(read("bindings:\n  - repository: a/b\n    permissions: [Contents:Write, pull_requests:read]\n")
			.declarations()
			.get(0)
			.permissions()).as("lower-cased as the token form takes them")
			.containsExactly("contents:write", "pull_requests:read");

		String file = dir.resolve("botkeeper.yaml").toString();
		assertThat(problems("""
				bindings:
				  - repository: a/b
				    permissions:
				      - contents:write
				      - pull-requests:write
				      - contents:read
				""").lines().toList()).containsExactly(
				file + ":5: 'permissions': 'pull-requests:write' is not a permission: use NAME:LEVEL with GitHub's "
						+ "parameter name and read, write or admin, e.g. contents:write.",
				file + ":6: 'permissions': contents is given twice in this binding: keep one level.");
	}

	@Test
	void shouldKeepNoTeamAndNoPermissionsWhenNoneAreDeclared() throws IOException {
		BindingsFile.Declaration only = read("bindings:\n  - repository: a/b\n").declarations().get(0);
		assertThat(only.team()).isEqualTo(Optional.empty());
		assertThat(only.permissions()).isEqualTo(List.of());
	}

	/** Strategy B declared as code: one token, the organisation and the repositories it is given to. */
	@Test
	void shouldReadOrganisationSecretsBesideBindingsOrAlone() throws IOException {
		BindingsFile file = read("""
				bindings:
				  - repository: jupyterhub/binderhub
				organisation_secrets:
				  - organisation: JupyterHub
				    secret_name: bot_pat
				    repositories: [BinderHub, repo2docker]
				    team: hub-maintainers
				  - organisation: jupyterlab
				    secret_name: LAB_PAT
				    repositories:
				      - jupyterlab
				    account: Lab-Bot
				""");

		assertThat(file.declarations()).hasSize(1);
		assertThat(file.organisationSecrets()).hasSize(2);
		BindingsFile.OrgDeclaration first = file.organisationSecrets().get(0);
		assertThat(first.target().toString()).as("organisation and name as GitHub keeps them")
			.isEqualTo("jupyterhub:[organisation]/BOT_PAT");
		assertThat(first.repositories()).containsExactly("binderhub", "repo2docker");
		assertThat(first.team()).contains("hub-maintainers");
		assertThat(file.where(first)).isEqualTo(dir.resolve("botkeeper.yaml") + ":4");
		assertThat(file.declarationOf(first.target())).contains(first);
		assertThat(file.forAccount(Optional.empty()).organisationSecrets()).containsExactly(first);
		assertThat(file.forAccount(Optional.of("LAB-BOT")).organisationSecrets()).extracting(BindingsFile.OrgDeclaration::line)
			.containsExactly(8);

		BindingsFile alone = read("organisation_secrets:\n  - organisation: a\n    secret_name: S\n    repositories: [b]\n");
		assertThat(alone.declarations()).isEmpty();
		assertThat(alone.organisationSecrets()).hasSize(1);
	}

	@Test
	void shouldReportEveryProblemOfAnOrganisationSecretWithItsLine() throws IOException {
		String message = problems("""
				organisation_secrets:
				  - organisation: jupyterhub
				    secret_name: BOT_PAT
				    repositories: [a]
				  - organisation: jupyterhub
				    secret_name: OTHER
				  - organisation: jupyterhub
				    secret_name: THIRD
				    repositories: [jupyterhub/binderhub, binderhub, binderhub]
				  - organisation: jupyterhub
				    secret_name: GITHUB_PAT
				    repositories: []
				    visibility: all
				  - organisation: jupyterhub
				    secret_name: bot_pat
				    repositories: [a]
				  - repository: jupyterhub/binderhub
				""");

		String file = dir.resolve("botkeeper.yaml").toString();
		String needs = "an organisation secret needs organisation, secret_name and repositories (e.g. 'repositories: "
				+ "[binderhub, repo2docker]').";
		String keys = "an organisation secret has organisation, secret_name, repositories, account, team (a value never "
				+ "belongs in this file).";
		assertThat(message.lines().toList()).containsExactly(
				file + ":5: missing 'repositories': " + needs,
				file + ":9: 'repositories': write the repository's name within the organisation, without its owner (an "
						+ "organisation secret reaches its own organisation's repositories only).",
				file + ":9: 'repositories': binderhub is given twice: keep one.",
				file + ":13: unknown key 'visibility': " + keys,
				file + ":11: 'secret_name': Invalid secret name 'GITHUB_PAT': GitHub reserves the prefix GITHUB_.",
				file + ":12: 'repositories' must be a list of at least one repository name within the organisation: write "
						+ "e.g. [binderhub, repo2docker].",
				file + ":14: jupyterhub:[organisation]/BOT_PAT is declared again (first at line 2): an organisation secret "
						+ "has one record, so declare it once.",
				file + ":17: unknown key 'repository': " + keys,
				file + ":17: missing 'organisation': " + needs,
				file + ":17: missing 'secret_name': " + needs,
				file + ":17: missing 'repositories': " + needs);
	}

	private BindingsFile read(String yaml) throws IOException {
		Path file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, yaml, StandardCharsets.UTF_8);
		return BindingsFile.read(file, ENV, NAME);
	}

	private String problems(String yaml) throws IOException {
		Path file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, yaml, StandardCharsets.UTF_8);
		try {
			BindingsFile.read(file, ENV, NAME);
		}
		catch (UserFacingException ex) {
			assertThat(ex.exitCode()).isEqualTo(2);
			return ex.getMessage();
		}
		throw new AssertionError("expected the file to be refused");
	}

}
