package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plain {@code http://} to Vault or GitHub is refused unless the host is this machine, for every way an
 * address is given: {@code VAULT_ADDR}, {@code GITHUB_API_URL}, serve's {@code botkeeper.vault.address}
 * and {@code botkeeper.github.api-url}. Exit 2, the setting named, and nothing sent: the addresses
 * point at a listener of this test on one of this machine's own non-loopback addresses, which counts
 * every connection.
 */
@ExtendWith(VaultServerExtension.class)
// A serve that starts when it should not runs until stopped: fail after 2 minutes instead of hanging.
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClearTextIntegrationTests {

	private static ServerSocket listener;

	private static final AtomicInteger CONNECTIONS = new AtomicInteger();

	private static String remote;

	@BeforeAll
	static void listen() throws IOException {
		listener = new ServerSocket(0);
		Thread accept = new Thread(() -> {
			while (!listener.isClosed()) {
				try (Socket ignored = listener.accept()) {
					CONNECTIONS.incrementAndGet();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "clear-text-listener");
		accept.setDaemon(true);
		accept.start();
		remote = "http://" + nonLoopbackHost() + ":" + listener.getLocalPort();
	}

	/** One of this machine's own addresses that is not loopback; a name that resolves nowhere if it has none. */
	private static String nonLoopbackHost() throws IOException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
					return address.getHostAddress();
				}
			}
		}
		return "vault.example.invalid";
	}

	@AfterAll
	static void close() throws IOException {
		listener.close();
	}

	@BeforeEach
	void forgetConnections() {
		CONNECTIONS.set(0);
	}

	@Test
	void vaultAddrShouldRefusePlainHttpToAnotherHostBeforeAnyRequest(VaultFixture vault) {
		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"))
			.with("VAULT_ADDR", remote)
			.run("token", "list");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("VAULT_ADDR is " + remote + ": plain http to a host other than this machine")
			.contains("Use https://, or http:// only to 127.0.0.1, ::1 or localhost");
		assertThat(CONNECTIONS.get()).as("connections to " + remote).isZero();
	}

	@Test
	void plainHttpToLocalhostShouldStillWork(VaultFixture vault) {
		vault.writePolicy("botkeeper-admin");
		vault.ensureKv2("botkeeper");
		String local = "http://localhost:" + vault.server().address().getPort();

		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin")).with("VAULT_ADDR", local)
			.run("token", "list");

		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	@Test
	void githubApiUrlShouldRefusePlainHttpToAnotherHostBeforeAnyRequest(VaultFixture vault) {
		VaultCli broker = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-broker"))
			.with("GITHUB_API_URL", remote + "/api/v3");

		CliRun sync = broker.run("sync", "--plan");
		CliRun invitations = broker.run("invitations");

		for (CliRun run : new CliRun[] { sync, invitations }) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).contains("GITHUB_API_URL is " + remote + "/api/v3: plain http");
		}
		assertThat(CONNECTIONS.get()).as("connections to " + remote).isZero();
	}

	@Test
	void serveShouldRefusePlainHttpToAnotherHostForVaultAndGitHub() {
		Map<String, String> env = Map.of("HOME", System.getProperty("java.io.tmpdir"));
		CliRun vault = CliRun.withEnv(env, "", "serve", "--server.port=0", "--botkeeper.vault.address=" + remote);
		CliRun github = CliRun.withEnv(env, "", "serve", "--server.port=0",
				"--botkeeper.github.api-url=" + remote + "/api/v3");

		assertThat(vault.exitCode()).as(vault.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(vault.err()).contains("botkeeper serve did not start")
			.contains("botkeeper.vault.address must be https://, or http:// only to 127.0.0.1, ::1 or localhost");
		assertThat(github.exitCode()).as(github.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(github.err())
			.contains("botkeeper.github.api-url must be https://, or http:// only to 127.0.0.1, ::1 or localhost");
		assertThat(CONNECTIONS.get()).as("connections to " + remote).isZero();
	}

}
