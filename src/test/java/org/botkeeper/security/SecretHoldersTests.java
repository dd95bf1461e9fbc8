package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.AppInstallationCredential;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.vault.RecoveryCodeStore;
import org.botkeeper.vault.RecoveryCodes;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TotpKey;
import org.botkeeper.vault.VaultSettings;
import org.botkeeper.vault.WriterCredential;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every type that holds a secret shows none of it in {@code toString()} or in JSON. The list of such
 * types is checked against the code: a class with a field of a secret-holding type, or a text field
 * ({@code String}, {@code char[]}, {@code byte[]}) named token, secret, key, password, seed or
 * credential, that this test does not build fails it (unless the field is listed with the reason it
 * holds no secret), so a new holder cannot slip by untested.
 */
class SecretHoldersTests {

	/** Field types that carry a secret value. */
	private static final Set<String> SECRET_FIELD_TYPES = Set.of(SecretValue.class.getName(),
			RSAPrivateKey.class.getName(), "org.botkeeper.github.GitHubCredential");

	/** How to build each holder around a canary; the key is the class's name. */
	private static final Map<String, Function<String, Object>> HOLDERS = new LinkedHashMap<>();

	static {
		HOLDERS.put(SecretValue.class.getName(), SecretValue::of);
		HOLDERS.put(PersonalAccessToken.class.getName(), canary -> new PersonalAccessToken(SecretValue.of(canary)));
		HOLDERS.put(WriterCredential.Pat.class.getName(), canary -> new WriterCredential.Pat(SecretValue.of(canary)));
		HOLDERS.put(WriterCredential.App.class.getName(), canary -> new WriterCredential.App(1, 2, SecretValue.of(canary)));
		HOLDERS.put(VaultSettings.class.getName(), canary -> new VaultSettings(java.net.URI.create("http://127.0.0.1:8200"),
				SecretValue.of(canary), null, null, null, null, null));
		HOLDERS.put(StoredToken.class.getName(), canary -> new StoredToken(null, SecretValue.of(canary)));
		// Package-private, so built as VaultConnection builds it: from settings that hold the token.
		HOLDERS.put("org.botkeeper.vault.PlainGet", canary -> {
			try {
				var forSettings = Class.forName("org.botkeeper.vault.PlainGet")
					.getDeclaredMethod("forSettings", VaultSettings.class, int.class, int.class);
				forSettings.setAccessible(true);
				return ((java.util.Optional<?>) forSettings.invoke(null, new VaultSettings(
						java.net.URI.create("http://127.0.0.1:8200"), SecretValue.of(canary), null, null, null, null, null),
						1000, 1000)).orElseThrow();
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		});
		HOLDERS.put(org.botkeeper.github.InstallationTokenMinter.Minted.class.getName(),
				canary -> new org.botkeeper.github.InstallationTokenMinter.Minted(SecretValue.of(canary),
						java.time.Instant.EPOCH));
		HOLDERS.put(TotpKey.class.getName(), canary -> new TotpKey(SecretValue.of(canary), "SHA1", 6, 30, "GitHub", "bot"));
		HOLDERS.put(RecoveryCodeStore.TakenCode.class.getName(),
				canary -> new RecoveryCodeStore.TakenCode(SecretValue.of(canary), 2, 15));
		// Not found by the field scan (its codes sit in lists), built anyway: a recovery code is a way into the bot.
		HOLDERS.put(RecoveryCodes.class.getName(), canary -> {
			String hex = java.util.UUID.randomUUID().toString().replace("-", "");
			String code = LeakCanaries.plant(hex.substring(0, 5) + "-" + hex.substring(5, 10));
			return RecoveryCodes.fresh(List.of(RecoveryCodes.parse(code.toCharArray(), 1)));
		});
		// Found by the name scan: a String field rootToken.
		HOLDERS.put(org.botkeeper.devvault.DevVault.class.getName(),
				canary -> org.botkeeper.devvault.DevVault.external("a test", "2.7.2", java.net.URI.create("http://127.0.0.1:8200"),
						canary));
		HOLDERS.put(AppInstallationCredential.class.getName(), canary -> {
			KeyPair pair = TestAppKeys.generate();
			LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair));
			return new AppInstallationCredential("1", (RSAPrivateKey) pair.getPrivate(), 2, Clock.systemUTC());
		});
	}

	/** Holders that never outlive a call and have no toString of their own beyond Object's. */
	private static final Set<String> NOT_VALUE_TYPES = Set.of("org.botkeeper.github.GitHubTransport");

	/** Field names that say a text field holds a secret (String, char[] or byte[]). */
	private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern
		.compile("(?i).*(token|secret|key|password|passphrase|seed|credential).*");

	private static final Set<String> TEXT_TYPES = Set.of(String.class.getName(), "[C", "[B");

	/**
	 * Text fields whose names say token, secret or key but which hold no secret, each with the reason; a
	 * field named like a secret that is neither here nor in a class this test builds fails the test.
	 */
	private static final Map<String, String> NAMED_LIKE_A_SECRET = Map.of(
			"org.botkeeper.cli.TokenPutCommand.secretName", "the name of the GitHub secret, an option",
			"org.botkeeper.serve.BotkeeperProperties.secretName", "the name of the GitHub secret, a setting",
			"org.botkeeper.cli.VaultInitCommand.secretIdTtl", "how long AppRole secret ids live, an option",
			"org.botkeeper.cli.VaultInitCommand.secretIdBoundCidrs", "the networks a secret id may be used from",
			"org.botkeeper.cli.VaultInitCommand.tokenBoundCidrs", "the networks a broker token may be used from",
			"org.botkeeper.github.SecretsPublicKey.key", "a secret scope's public key, which GitHub hands anyone "
					+ "who may write a secret",
			"org.botkeeper.github.SecretsPublicKey.keyId", "the id of that public key",
			"org.botkeeper.github.SecretScope$Hints.keyOwner", "whose public key it is, as words for a message",
			"org.botkeeper.github.SecretWrite.keyId", "the id of the public key a secret was sealed to",
			"org.botkeeper.sync.PushReceipt.keyId", "the id of the public key a secret was sealed to");

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.botkeeper");

	/** The classes of {@code classes} with a field of a secret-holding type (githubsim aside: it is a test double). */
	private static Set<String> typedHolders(JavaClasses classes) {
		Set<String> holders = new TreeSet<>();
		for (JavaClass type : classes) {
			if (type.getPackageName().startsWith("org.botkeeper.githubsim")) {
				continue;
			}
			for (JavaField field : type.getFields()) {
				if (SECRET_FIELD_TYPES.contains(field.getRawType().getName()) || (type.getName().equals(SecretValue.class.getName())
						&& field.getRawType().getName().equals("[C"))) {
					holders.add(type.getName());
				}
			}
		}
		holders.removeAll(NOT_VALUE_TYPES);
		return holders;
	}

	/** Text fields of {@code classes} named like a secret, as {@code Class.field} (githubsim aside). */
	private static Set<String> textNamedLikeASecret(JavaClasses classes) {
		Set<String> fields = new TreeSet<>();
		for (JavaClass type : classes) {
			if (type.getPackageName().startsWith("org.botkeeper.githubsim")) {
				continue;
			}
			for (JavaField field : type.getFields()) {
				// Constants (static final) are names in the code, such as a Vault field name, never a value a person gave.
				boolean constant = field.getModifiers().contains(JavaModifier.STATIC)
						&& field.getModifiers().contains(JavaModifier.FINAL);
				if (TEXT_TYPES.contains(field.getRawType().getName()) && SECRET_NAME.matcher(field.getName()).matches()
						&& !constant && !field.getModifiers().contains(JavaModifier.SYNTHETIC)) {
					fields.add(type.getName() + "." + field.getName());
				}
			}
		}
		return fields;
	}

	@Test
	void everyTypeHoldingASecretShouldBeCoveredHere() {
		assertThat(HOLDERS.keySet()).as("holders of a secret that this test builds").containsAll(typedHolders(MAIN));
	}

	@Test
	void everyTextFieldNamedLikeASecretShouldBeCoveredHereOrExplained() {
		Set<String> uncovered = new TreeSet<>();
		for (String field : textNamedLikeASecret(MAIN)) {
			String owner = field.substring(0, field.lastIndexOf('.'));
			if (!HOLDERS.containsKey(owner) && !NAMED_LIKE_A_SECRET.containsKey(field)) {
				uncovered.add(field);
			}
		}
		assertThat(uncovered).as("String/char[]/byte[] fields named token, secret, key, ... whose class this test does "
				+ "not build: build it in HOLDERS, or say in NAMED_LIKE_A_SECRET why the field holds no secret").isEmpty();
		assertThat(textNamedLikeASecret(MAIN)).as("NAMED_LIKE_A_SECRET names fields that still exist")
			.containsAll(NAMED_LIKE_A_SECRET.keySet());
	}

	/** A holder the scans must find, so that they are shown to look at all: test sources only. */
	static final class Leaky {

		private final String apiToken = "";

		private final char[] clientSecret = new char[0];

		private final byte[] signingKey = new byte[0];

		private final String keyId = "";

		private final String repository = "";

		private static final String TOKEN_FIELD = "token";

		@Override
		public String toString() {
			return apiToken + new String(clientSecret) + signingKey.length + keyId + repository + TOKEN_FIELD;
		}

	}

	@Test
	void theScansShouldFindTextFieldsNamedLikeASecret() {
		JavaClasses leaky = new ClassFileImporter().importClasses(Leaky.class);

		assertThat(textNamedLikeASecret(leaky)).containsExactly(Leaky.class.getName() + ".apiToken",
				Leaky.class.getName() + ".clientSecret", Leaky.class.getName() + ".keyId",
				Leaky.class.getName() + ".signingKey");
	}

	@Test
	void noHolderShouldShowItsSecretInToStringOrJson() {
		JsonMapper json = JsonMapper.builder().build();
		List<String> checked = new ArrayList<>();
		HOLDERS.forEach((name, build) -> {
			String canary = LeakCanaries.fineGrainedPat();
			Object holder = build.apply(canary);
			LeakCanaries.assertNoLeak("toString() of " + name, String.valueOf(holder));
			String rendered;
			try {
				rendered = json.writeValueAsString(holder);
			}
			catch (RuntimeException ex) {
				rendered = chain(ex);
			}
			LeakCanaries.assertNoLeak("JSON of " + name, rendered);
			checked.add(name);
		});
		assertThat(checked).hasSize(HOLDERS.size());
	}

	private static String chain(Throwable ex) {
		StringBuilder out = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			out.append(cause).append('\n');
		}
		return out.toString();
	}


}
