package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.support.VaultMount;

/**
 * The test issuer is what the real server's JWT auth method trusts GitHub's to be: it fetches the
 * discovery document and JWKS from it and accepts its tokens, and refuses one signed with another key
 * or naming another issuer. The OIDC binding tests build on this.
 */
@ExtendWith(VaultServerExtension.class)
class TestOidcIssuerIntegrationTests {

	private TestOidcIssuer issuer;

	private String mount;

	@BeforeEach
	void setUp(VaultFixture vault) {
		issuer = TestOidcIssuer.start();
		mount = "jwt-" + UUID.randomUUID().toString().substring(0, 8);
		vault.root().opsForSys().authMount(mount, VaultMount.create("jwt"));
		vault.root().write("auth/" + mount + "/config",
				Map.of("oidc_discovery_url", issuer.url(), "bound_issuer", issuer.url()));
		vault.root().write("auth/" + mount + "/role/acme", Map.of("role_type", "jwt", "user_claim", "sub",
				"bound_audiences", List.of("botkeeper-test"), "bound_claims", Map.of("repository", "acme/app"),
				"token_policies", List.of("default"), "token_ttl", "60s"));
	}

	@AfterEach
	void tearDown(VaultFixture vault) {
		vault.root().opsForSys().authUnmount(mount);
		issuer.close();
	}

	@Test
	void aTokenOfTheIssuerShouldLogInAndOneOfAnotherKeyOrIssuerShouldNot(VaultFixture vault) {
		VaultHttp http = vault.http("");
		Map<String, Object> claims = issuer.claims("acme/app", 101, 7, "production", "botkeeper-test");

		VaultHttp.Response ok = http.post("auth/" + mount + "/login", login(issuer.sign(claims)));
		try (TestOidcIssuer other = TestOidcIssuer.start()) {
			VaultHttp.Response foreignKey = http.post("auth/" + mount + "/login", login(other.sign(claims)));
			assertThat(foreignKey.status()).as(foreignKey.body()).isIn(400, 403);
		}
		claims.put("iss", "https://token.actions.githubusercontent.com");
		VaultHttp.Response foreignIssuer = http.post("auth/" + mount + "/login", login(issuer.sign(claims)));

		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		LeakCanaries.plant(tools.jackson.databind.json.JsonMapper.builder().build().readTree(ok.body())
			.path("auth").path("client_token").asString());
		assertThat(foreignIssuer.status()).as(foreignIssuer.body()).isIn(400, 403);
	}

	private static String login(String jwt) {
		return "{\"role\":\"acme\",\"jwt\":\"" + jwt + "\"}";
	}

}
