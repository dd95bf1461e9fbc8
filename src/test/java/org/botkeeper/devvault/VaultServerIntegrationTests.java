package org.botkeeper.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;

/**
 * Proves that the server the test command provides is a real Vault API: check-and-set on KV v2,
 * TOTP codes by RFC 6238, and policies that allow what they say and deny the rest.
 */
@ExtendWith(VaultServerExtension.class)
class VaultServerIntegrationTests {

	@Test
	void kvV2ShouldRefuseAWriteWithAStaleCheckAndSetVersion(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		VaultVersionedKeyValueOperations kv = vault.root().opsForVersionedKeyValue("botkeeper");
		String path = "tokens/it-" + UUID.randomUUID() + "/cas";
		String first = LeakCanaries.classicPat();
		String second = LeakCanaries.classicPat();

		// cas=0: only if the secret does not exist yet.
		kv.put(path, Versioned.create(Map.of("token", first), Versioned.Version.unversioned()));
		assertThatThrownBy(() -> kv.put(path, Versioned.create(Map.of("token", second), Versioned.Version.unversioned())))
			.isInstanceOf(VaultException.class)
			.hasMessageContaining("check-and-set");
		kv.put(path, Versioned.create(Map.of("token", second), Versioned.Version.from(1)));
		assertThatThrownBy(() -> kv.put(path, Versioned.create(Map.of("token", first), Versioned.Version.from(1))))
			.isInstanceOf(VaultException.class)
			.hasMessageContaining("check-and-set");

		Versioned<Map<String, Object>> latest = kv.get(path);
		assertThat(latest.getVersion().getVersion()).isEqualTo(2);
		assertThat(latest.getRequiredData()).containsEntry("token", second);
	}

	@Test
	void totpShouldImportAnOtpauthUriWithoutGeneratingAndReturnRfc6238Codes(VaultFixture vault) throws Exception {
		vault.ensureTotp("botkeeper-totp");
		String seed = LeakCanaries.totpSeed();
		String key = "it-" + UUID.randomUUID();
		vault.root().write("botkeeper-totp/keys/" + key, Map.of("url",
				"otpauth://totp/GitHub:jupyterhub-bot?secret=" + seed + "&issuer=GitHub&digits=6&period=30",
				"generate", false));

		long before = Instant.now().getEpochSecond() / 30;
		String code = vault.root().read("botkeeper-totp/code/" + key).getRequiredData().get("code").toString();
		long after = Instant.now().getEpochSecond() / 30;

		List<String> expected = (before == after) ? List.of(rfc6238(seed, before))
				: List.of(rfc6238(seed, before), rfc6238(seed, after));
		assertThat(code).as("TOTP code for step %d", before).isIn(expected);
		// The seed is never readable again: the key endpoint has no secret in it.
		assertThat(vault.root().read("botkeeper-totp/keys/" + key).getRequiredData()).doesNotContainKey("key")
			.doesNotContainValue(seed);
	}

	@Test
	void aTokenBoundToThePolicyFileShouldDoWhatItAllowsAndNothingElse(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.writePolicy("botkeeper-auditor");
		String repo = "tokens/it-" + UUID.randomUUID() + "/repo";
		vault.root().opsForVersionedKeyValue("botkeeper").put(repo, Map.of("token", LeakCanaries.fineGrainedPat()));
		VaultHttp auditor = vault.http(vault.tokenWithPolicies("botkeeper-auditor"));

		VaultHttp.Response capabilities = auditor.post("sys/capabilities-self",
				"{\"paths\":[\"botkeeper/metadata/" + repo + "\",\"botkeeper/data/" + repo + "\",\"sys/policies/acl/x\"]}");
		assertThat(capabilities.status()).isEqualTo(200);
		assertThat(capabilities.body()).contains("\"botkeeper/metadata/" + repo + "\":[\"list\",\"read\"]")
			.contains("\"botkeeper/data/" + repo + "\":[\"deny\"]")
			.contains("\"sys/policies/acl/x\":[\"deny\"]");

		assertThat(auditor.get("botkeeper/metadata/" + repo).status()).as("metadata read").isEqualTo(200);
		VaultHttp.Response value = auditor.get("botkeeper/data/" + repo);
		assertThat(value.status()).as("value read").isEqualTo(403);
		LeakCanaries.assertNoLeak("the auditor's denied response", value.body());
		assertThat(auditor.post("botkeeper/data/" + repo, "{\"data\":{\"token\":\"x\"}}").status()).as("value write")
			.isEqualTo(403);
	}

	/** RFC 6238 with HMAC-SHA1, 6 digits: the test's own reference, independent of the server. */
	private static String rfc6238(String base32Seed, long step) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(base32Decode(base32Seed), "HmacSHA1"));
		byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
				| (hash[offset + 3] & 0xff);
		return String.format("%06d", binary % 1_000_000);
	}

	private static byte[] base32Decode(String text) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.toCharArray()) {
			buffer = (buffer << 5) | alphabet.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
