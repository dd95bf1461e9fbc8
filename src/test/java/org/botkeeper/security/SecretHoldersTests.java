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
import com.tngtech.archunit.core.domain.JavaField;
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
 * types is checked against the code: a class with a field of a secret-holding type that this test does
 * not build fails it, so a new holder cannot slip by untested.
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
		HOLDERS.put(AppInstallationCredential.class.getName(), canary -> {
			KeyPair pair = TestAppKeys.generate();
			LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair));
			return new AppInstallationCredential("1", (RSAPrivateKey) pair.getPrivate(), 2, Clock.systemUTC());
		});
	}

	/** Holders that never outlive a call and have no toString of their own beyond Object's. */
	private static final Set<String> NOT_VALUE_TYPES = Set.of("org.botkeeper.github.GitHubTransport");

	@Test
	void everyTypeHoldingASecretShouldBeCoveredHere() {
		Set<String> holders = new TreeSet<>();
		for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("org.botkeeper")) {
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
		assertThat(HOLDERS.keySet()).as("holders of a secret that this test builds").containsAll(holders);
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
