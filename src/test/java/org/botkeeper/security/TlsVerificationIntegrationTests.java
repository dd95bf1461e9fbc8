package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS is verified on both sides: an HTTPS server whose certificate is not trusted, or is trusted but
 * names another host, is refused before any request reaches it (Vault via {@code VAULT_ADDR=https://...}
 * and GitHub via {@code GITHUB_API_URL}); a certificate trusted through {@code VAULT_CACERT} and naming
 * the host is accepted, so the refusals are about the certificate and nothing else. The certificates
 * are made with the JDK's keytool.
 */
class TlsVerificationIntegrationTests {

	private static Path dir;

	private static Server rightHost;

	private static Server wrongHost;

	record Server(HttpsServer https, Path caPem, AtomicInteger requests) {

		String url() {
			return "https://127.0.0.1:" + https.getAddress().getPort();
		}

	}

	@BeforeAll
	static void start() throws Exception {
		dir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "tls-test"));
		rightHost = server("right", "dns:localhost,ip:127.0.0.1");
		wrongHost = server("wrong", "dns:wrong.example");
	}

	@AfterAll
	static void stop() {
		Stream.of(rightHost, wrongHost).filter(java.util.Objects::nonNull).forEach(server -> server.https().stop(0));
	}

	private static Server server(String name, String san) throws Exception {
		Path store = dir.resolve(name + ".p12");
		Path pem = dir.resolve(name + ".pem");
		Files.deleteIfExists(store);
		keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=botkeeper-test",
				"-ext", "SAN=" + san, "-ext", "BC:c=ca:false", "-validity", "2", "-keystore", store.toString(),
				"-storepass", "changeit", "-storetype", "PKCS12");
		keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit", "-file",
				pem.toString());
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = new FileInputStream(store.toFile())) {
			keys.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(managers.getKeyManagers(), null, null);
		HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		https.setHttpsConfigurator(new HttpsConfigurator(context));
		AtomicInteger requests = new AtomicInteger();
		https.createContext("/", exchange -> {
			try (exchange) {
				requests.incrementAndGet();
				byte[] body = "{\"errors\":[\"permission denied\"]}".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(403, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		});
		https.start();
		return new Server(https, pem, requests);
	}

	private static void keytool(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static CliRun tokenList(Server server, Path caCert) {
		return CliRun.withEnv(Map.of("VAULT_ADDR", server.url(), "VAULT_TOKEN", LeakCanaries.classicPat(), "VAULT_CACERT",
				caCert.toString(), "HOME", "/nonexistent-home"), "", "token", "list");
	}

	@Test
	void vaultWithATrustedCertificateForThisHostShouldBeReached() {
		int before = rightHost.requests().get();
		CliRun run = tokenList(rightHost, rightHost.caPem());
		assertThat(rightHost.requests().get()).as("control: the handshake succeeds " + run.describe()).isGreaterThan(before);
	}

	@Test
	void vaultWithAnUntrustedCertificateShouldBeRefusedBeforeAnyRequest() {
		int before = rightHost.requests().get();
		CliRun run = tokenList(rightHost, wrongHost.caPem());
		assertThat(run.exitCode()).as(run.describe()).isNotZero();
		assertThat(rightHost.requests().get()).as("no request got through").isEqualTo(before);
	}

	@Test
	void vaultWithATrustedCertificateNamingAnotherHostShouldBeRefused() {
		int before = wrongHost.requests().get();
		CliRun run = tokenList(wrongHost, wrongHost.caPem());
		assertThat(run.exitCode()).as(run.describe()).isNotZero();
		assertThat(wrongHost.requests().get()).as("no request got through").isEqualTo(before);
	}

	@Test
	void gitHubWithAnUntrustedCertificateShouldBeRefusedBeforeAnyRequest() {
		int before = rightHost.requests().get();
		GitHubConnection github = GitHubConnection.open(GitHubApi.of(rightHost.url()),
				new PersonalAccessToken(SecretValue.of(LeakCanaries.classicPat())), GitHubLimits.defaults(),
				Clock.systemUTC(), duration -> {
				});
		assertThatExceptionOfType(GitHubException.class).isThrownBy(() -> github.environments()
			.environment(RepositoryName.parse("jupyterhub/binderhub"), new EnvironmentName("jupyterhub-bot")));
		assertThat(rightHost.requests().get()).as("no request, so no Authorization header, got through").isEqualTo(before);
	}

	@Test
	void noMainCodeShouldOfferAWayToTurnVerificationOff() throws IOException {
		List<String> offending;
		try (Stream<Path> files = Files.walk(Path.of(System.getProperty("user.dir"), "src", "main"))) {
			offending = files.filter(Files::isRegularFile).filter(file -> {
				try {
					String text = Files.readString(file);
					return text.contains("X509TrustManager") || text.contains("setHostnameVerifier")
							|| text.contains("HostnameVerifier") || text.contains("TrustAllStrategy")
							|| text.contains("InsecureTrustManagerFactory") || text.contains("trustAll")
							|| text.contains("jdk.internal.httpclient.disableHostnameVerification")
							|| text.matches("(?s).*skip[-_]?verify\\s*[=:]\\s*true.*");
				}
				catch (IOException ex) {
					return false;
				}
			}).map(Path::toString).toList();
		}
		assertThat(offending).as("main code that could turn TLS verification off").isEmpty();
		CliRun skip = CliRun.withEnv(Map.of("VAULT_ADDR", rightHost.url(), "VAULT_TOKEN", "x", "VAULT_SKIP_VERIFY", "1",
				"HOME", "/nonexistent-home"), "", "token", "list");
		assertThat(skip.exitCode()).isEqualTo(2);
		assertThat(skip.err()).contains("never turns off TLS verification");
	}

}
