package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;

/** Pure parts: API URL, path encoding, token kinds, introspection headers, branch-policy rule. */
class GitHubNamesTests {

	@Test
	void apiUrlShouldDefaultToGitHubAndKeepAnEnterpriseServerPath() {
		assertThat(GitHubApi.fromEnvironment(Map.of()).base()).isEqualTo(URI.create("https://api.github.com"));
		GitHubApi ghes = GitHubApi.fromEnvironment(Map.of("GITHUB_API_URL", "https://ghe.example.org/api/v3/"));
		assertThat(ghes.resolve("/repos/o/r")).isEqualTo(URI.create("https://ghe.example.org/api/v3/repos/o/r"));
		assertThat(ghes.isSameOrigin(URI.create("https://ghe.example.org:443/other"))).isTrue();
		assertThat(ghes.isSameOrigin(URI.create("https://evil.example.org/api/v3"))).isFalse();
		assertThat(ghes.isSameOrigin(URI.create("http://ghe.example.org/api/v3"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> GitHubApi.of("ftp://x"));
	}

	@Test
	void environmentNameShouldTravelAsOnePathSegment() {
		assertThat(EnvironmentSecretsClient.environmentPath(new RepositoryName("jupyterhub", "binderhub"),
				new EnvironmentName("prod/eu west+1é")))
			.isEqualTo("/repos/jupyterhub/binderhub/environments/prod%2Feu%20west%2B1%C3%A9");
	}

	@Test
	void tokenKindShouldComeFromThePrefixOnly() {
		assertThat(TokenKind.classify(SecretValue.of(LeakCanaries.classicPat()))).isEqualTo(TokenKind.CLASSIC_PAT);
		assertThat(TokenKind.classify(SecretValue.of(LeakCanaries.fineGrainedPat()))).isEqualTo(TokenKind.FINE_GRAINED_PAT);
		assertThat(TokenKind.classify(SecretValue.of("ghs_abc"))).isEqualTo(TokenKind.INSTALLATION);
		assertThat(TokenKind.classify(SecretValue.of("gho_abc"))).isEqualTo(TokenKind.OAUTH);
		assertThat(TokenKind.classify(SecretValue.of("ghu_abc"))).isEqualTo(TokenKind.USER_TO_SERVER);
		assertThat(TokenKind.classify(SecretValue.of("ghr_abc"))).isEqualTo(TokenKind.REFRESH);
		assertThat(TokenKind.classify(SecretValue.of("v1.abc"))).isEqualTo(TokenKind.UNKNOWN);
		String token = LeakCanaries.classicPat();
		LeakCanaries.assertNoLeak("PAT toString", new PersonalAccessToken(SecretValue.of(token)).toString());
	}

	@Test
	void introspectionShouldParseGitHubsExpiryFormatAndScopes() {
		HttpHeaders headers = HttpHeaders.of(Map.of("github-authentication-token-expiration",
				List.of("2026-12-01 10:00:00 UTC"), "x-oauth-scopes", List.of("repo, admin:org ,workflow")),
				(name, value) -> true);

		TokenIntrospection introspection = TokenIntrospection.of(TokenKind.CLASSIC_PAT, headers);

		assertThat(introspection.expiresAt()).contains(java.time.Instant.parse("2026-12-01T10:00:00Z"));
		assertThat(introspection.scopes()).contains(java.util.Set.of("repo", "admin:org", "workflow"));
	}

	@Test
	void deploymentBranchPolicyShouldHaveExactlyOneBooleanTrue() {
		// GitHub's schema allows both booleans freely; its prose requires exactly one to be true.
		assertThatIllegalArgumentException().isThrownBy(() -> new DeploymentBranchPolicy(true, true));
		assertThatIllegalArgumentException().isThrownBy(() -> new DeploymentBranchPolicy(false, false));
		assertThat(DeploymentBranchPolicy.PROTECTED_BRANCHES.protectedBranches()).isTrue();
	}

}
