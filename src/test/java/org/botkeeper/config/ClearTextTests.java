package org.botkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain http only to this machine, decided from the URL as written, never from a DNS answer. */
class ClearTextTests {

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8200", "http://127.0.0.1", "http://127.255.255.254:1/x",
			"http://[::1]:8200", "http://[0:0:0:0:0:0:0:1]:8200", "http://localhost:8200", "HTTP://LOCALHOST/api",
			"https://vault.example.org:8200", "https://203.0.113.7", "https://[2001:db8::1]:8200" })
	void httpsAnywhereAndHttpToLoopbackShouldBeAllowed(String url) {
		assertThat(ClearText.allowed(URI.create(url))).as(url).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://vault.example.org:8200", "http://10.0.0.1:8200", "http://128.0.0.1",
			"http://0.0.0.0:8200", "http://[::]:8200", "http://[::2]:8200", "http://[2001:db8::1]:8200",
			"http://127.0.0.1.nip.io:8200", "http://localhost.example.org", "http://localhost.:8200",
			"http://127.0.0.256", "http://127.1", "ftp://127.0.0.1", "//127.0.0.1:8200" })
	void anythingElseShouldBeRefused(String url) {
		assertThat(ClearText.allowed(URI.create(url))).as(url).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://user:s3cr3t-canary@vault.example.org:8200/v1?token=s3cr3t-canary#s3cr3t-canary" })
	void theRefusalShouldNameTheSettingAndNeverRepeatCredentialsFromTheUrl(String url) {
		String message = ClearText.refusal("VAULT_ADDR", URI.create(url));
		assertThat(message).startsWith("VAULT_ADDR is http://vault.example.org:8200/v1: plain http")
			.contains("Use https://")
			.doesNotContain("s3cr3t-canary");
	}

}
