package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TotpKey;
import org.botkeeper.vault.VaultSettings;

/**
 * Every parser of outside input, fed anything: OWNER/REPO, environment and secret names, otpauth URIs
 * and seeds, configuration values from the environment. Each either accepts the input or refuses it
 * with a typed, short error that never repeats a secret; an invalid name on the command line is
 * refused before any request.
 */
class OutsideInputPropertyTests {

	private static final ServerSocket VAULT = listen();

	private static ServerSocket listen() {
		try {
			ServerSocket socket = new ServerSocket(0);
			socket.setSoTimeout(1);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@AfterContainer
	static void close() throws IOException {
		VAULT.close();
	}

	@Provide
	Arbitrary<String> names() {
		Arbitrary<String> parts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
				Arbitraries.strings().withChars("abcXYZ019-_./ \t\n%\u0000\u00e9\u202e").ofMaxLength(45),
				Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(40),
				Arbitraries.of("", ".", "..", "-a", "a-", "a--b", "GITHUB_TOKEN", "x".repeat(300), "jupyterhub"));
		return Arbitraries.oneOf(parts, Combinators.combine(parts, parts).as((owner, repo) -> owner + "/" + repo));
	}

	@Property(tries = 400)
	void repositoryNamesShouldParseOrBeRefusedWithANamedRule(@ForAll("names") String text) {
		try {
			RepositoryName name = RepositoryName.parse(text);
			assertThat(name.toString()).isEqualToIgnoringCase(text);
			assertThat(RepositoryName.parse(name.toString())).isEqualTo(name);
		}
		catch (InvalidNameException ex) {
			assertThat(ex.getMessage()).startsWith("Invalid repository").hasSizeLessThan(400);
		}
	}

	@Property(tries = 300)
	void environmentAndSecretNamesShouldBeAcceptedOrRefusedWithANamedRule(@ForAll("names") String text) {
		try {
			assertThat(new EnvironmentName(text).value()).isEqualTo(text);
		}
		catch (InvalidNameException ex) {
			assertThat(ex.getMessage()).startsWith("Invalid environment name").hasSizeLessThan(400);
		}
		try {
			assertThat(new SecretName(text).value()).isEqualTo(text);
		}
		catch (InvalidNameException ex) {
			assertThat(ex.getMessage()).startsWith("Invalid secret name").hasSizeLessThan(400);
		}
	}

	@Provide
	Arbitrary<String[]> otpauth() {
		Arbitrary<String> any = Arbitraries.strings().ofMaxLength(30);
		Arbitrary<String> secret = Arbitraries.oneOf(Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=")
			.ofMinLength(8).ofMaxLength(64), Arbitraries.strings().withChars("abc189!% ").ofMinLength(8).ofMaxLength(40));
		return Combinators.combine(Arbitraries.of("otpauth://", "OTPAUTH://", "otpauth:/", "http://", ""),
				Arbitraries.of("totp", "hotp", "TOTP", "x"), any, secret,
				Arbitraries.of("SHA1", "sha256", "SHA512", "MD5", ""), Arbitraries.of("6", "8", "0", "-1", "99999999999", "x"),
				Arbitraries.of("30", "0", "-30", "abc", ""))
			.as((scheme, type, label, seed, algorithm, digits, period) -> new String[] {
					scheme + type + "/" + label + "?secret=" + seed + "&algorithm=" + algorithm + "&digits=" + digits
							+ "&period=" + period + "&issuer=" + label,
					seed });
	}

	@Property(tries = 400)
	void otpauthUrisShouldParseOrBeRefusedWithoutRepeatingTheSeed(@ForAll("otpauth") String[] uriAndSeed) {
		assertRefusalKeepsSeed(uriAndSeed[0], uriAndSeed[1]);
	}

	@Property(tries = 200)
	void bareSeedsShouldParseOrBeRefusedWithoutRepeatingThem(@ForAll @StringLength(max = 80) String seed) {
		assertRefusalKeepsSeed(seed, seed);
	}

	private static void assertRefusalKeepsSeed(String input, String seed) {
		try {
			TotpKey key = TotpKey.parse(input.toCharArray());
			assertThat(key.digits()).isPositive();
			assertThat(key.period()).isPositive();
			assertThat(key.toString()).doesNotContain(seed.strip().isEmpty() ? "\u0000none" : seed.strip());
		}
		catch (UserFacingException ex) {
			assertThat(ex.getMessage()).hasSizeLessThan(400);
			if (seed.strip().length() >= 8) {
				assertThat(ex.getMessage()).doesNotContain(seed.strip());
			}
		}
	}

	@Provide
	Arbitrary<String> settingValues() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
				Arbitraries.of("", " ", "http://", "https://vault:8200", "http://vault:8200", "ftp://x", "http://[::1", "127.0.0.1:8200",
						"https://vault.example/ path", "1", "true", "false", "/nonexistent/ca.pem", "x".repeat(5000)));
	}

	@Property(tries = 300)
	void configurationFromTheEnvironmentShouldBeReadOrRefusedAsBadInput(@ForAll("settingValues") String address,
			@ForAll("settingValues") String token, @ForAll("settingValues") String caCert,
			@ForAll("settingValues") String skipVerify, @ForAll("settingValues") String name) {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", address);
		env.put("VAULT_TOKEN", token);
		env.put("VAULT_CACERT", caCert);
		env.put("VAULT_SKIP_VERIFY", skipVerify);
		env.put("VAULT_NAMESPACE", name);
		env.put("HOME", "/nonexistent-home");
		env.put("BOTKEEPER_ENVIRONMENT", name);
		env.put("BOTKEEPER_SECRET_NAME", name);
		env.put("GITHUB_API_URL", address);
		readOrRefuse(() -> VaultSettings.fromEnvironment(env));
		readOrRefuse(() -> TokenDefaults.fromEnvironment(env));
		try {
			GitHubApi.fromEnvironment(env);
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex.getMessage()).startsWith("GITHUB_API_URL ");
		}
	}

	private static void readOrRefuse(Runnable read) {
		try {
			read.run();
		}
		catch (UserFacingException | InvalidNameException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(6000);
		}
	}

	@Property(tries = 60)
	void anInvalidNameOnTheCommandLineShouldBeRefusedBeforeAnyRequest(@ForAll("names") String text) {
		boolean valid;
		try {
			RepositoryName.parse(text);
			valid = true;
		}
		catch (InvalidNameException ex) {
			valid = false;
		}
		if (valid || text.startsWith("-")) {
			return;
		}
		Map<String, String> env = Map.of("VAULT_ADDR", "http://127.0.0.1:" + VAULT.getLocalPort(), "VAULT_TOKEN",
				"hvs.placeholder", "GITHUB_API_URL", "http://127.0.0.1:" + VAULT.getLocalPort(), "HOME", "/nonexistent-home");
		for (String[] argv : new String[][] { { "sync", "--plan", "--", text }, { "status", "--", text },
				{ "token", "show", "--", text }, { "token", "rm", "--yes", "--", text } }) {
			CliRun run = CliRun.withEnv(env, "", argv);
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		}
		assertThat(accepted()).as("no connection for an invalid name").isFalse();
	}

	@Property(tries = 40)
	void aBadGitHubApiUrlShouldBeBadInputForTheCommandLine(@ForAll("settingValues") String url) {
		Map<String, String> env = Map.of("VAULT_ADDR", "http://127.0.0.1:" + VAULT.getLocalPort(), "VAULT_TOKEN",
				"hvs.placeholder", "GITHUB_API_URL", url, "HOME", "/nonexistent-home");
		try {
			GitHubApi.fromEnvironment(env);
			return;
		}
		catch (IllegalArgumentException ex) {
			CliRun run = CliRun.withEnv(env, "", "sync", "--plan");
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
			assertThat(run.err()).contains("GITHUB_API_URL");
		}
	}

	private static boolean accepted() {
		try (var ignored = VAULT.accept()) {
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
