package org.botkeeper.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultLocator;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultBootstrap;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.botkeeper.vault.WriterCredential;
import org.botkeeper.vault.WriterStore;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

/**
 * What every benchmark stands on: a real dev Vault (found or started like the demo does, never the
 * one in VAULT_ADDR), initialised with the repository's policies, N token records, a writer PAT, and
 * the GitHub simulator on loopback with one repository per record.
 */
final class BenchWorld implements AutoCloseable {

	static final String OWNER = "bench-org";

	final DevVault vault;

	final GitHubSimulator github;

	final VaultLayout layout = VaultLayout.defaults();

	final TokenDefaults defaults = TokenDefaults.fromEnvironment(Map.of());

	final String brokerToken;

	final String adminToken;

	final List<RepositoryName> repositories = new ArrayList<>();

	/** The value Vault holds for each binding, which the simulator must decrypt once synced ({@link BenchCheck}). */
	final Map<RepositoryName, String> expected = new java.util.concurrent.ConcurrentHashMap<>();

	private BenchWorld(DevVault vault, GitHubSimulator github, String brokerToken, String adminToken) {
		this.vault = vault;
		this.github = github;
		this.brokerToken = brokerToken;
		this.adminToken = adminToken;
	}

	static BenchWorld start(SimulatorOptions options) throws Exception {
		Path logDir = Files.createDirectories(Path.of("target", "bench"));
		DevVault vault = DevVaultLocator.startedHere(List.of())
			.locate(DevVaultContext.defaults(logDir, Path.of(System.getProperty("user.dir"))));
		VaultConnection root = connect(vault, vault.rootToken());
		new VaultBootstrap(root, VaultLayout.defaults()).apply();
		VaultTemplate rootTemplate = new VaultTemplate(VaultEndpoint.from(vault.address()),
				new TokenAuthentication(vault.rootToken()));
		String broker = token(rootTemplate, "botkeeper-broker");
		String admin = token(rootTemplate, "botkeeper-admin");
		GitHubSimulator github = GitHubSimulator.start(options);
		return new BenchWorld(vault, github, broker, admin);
	}

	private static String token(VaultTemplate root, String policy) {
		return root.write("auth/token/create", Map.of("policies", List.of(policy), "ttl", "4h"))
			.getAuth()
			.get("client_token")
			.toString();
	}

	static VaultConnection connect(DevVault vault, String token) {
		return VaultConnection.open(VaultSettings
			.fromEnvironment(Map.of("VAULT_ADDR", vault.address().toString(), "VAULT_TOKEN", token)));
	}

	VaultConnection broker() {
		return connect(vault, brokerToken);
	}

	VaultConnection admin() {
		return connect(vault, adminToken);
	}

	/** A fine-grained-PAT-shaped value that is obviously fake. */
	static String fakeToken(long serial) {
		return "github_pat_BENCH" + String.format("%018d", serial) + "_" + "x".repeat(40);
	}

	/**
	 * Stores {@code n} token records (as the admin, with 4 parallel writers) and adds the repositories to
	 * the simulator, with the bot environment already there (protected) when {@code environments}.
	 */
	void seed(int n, boolean environments) throws Exception {
		VaultConnection admin = admin();
		TokenStore store = new TokenStore(admin, layout, defaults, "botkeeper-admin");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				RepositoryName repository = new RepositoryName(OWNER, String.format("repo-%05d", i));
				repositories.add(repository);
				github.state().addRepository(repository.toString());
				if (environments) {
					github.state().addEnvironment(repository.toString(), defaults.environment().value());
				}
				long serial = i;
				expected.put(repository, fakeToken(serial));
				writes.add(pool.submit(() -> store.put(repository, SecretValue.of(fakeToken(serial)),
						new TokenStore.TokenChange(null, null, null, null), 0L)));
			}
			for (Future<?> write : writes) {
				write.get();
			}
		}
		finally {
			pool.shutdown();
		}
		String writer = "ghp_" + "B".repeat(36);
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		new WriterStore(admin, layout, "botkeeper-admin").set(new WriterCredential.Pat(SecretValue.of(writer)));
	}

	@Override
	public void close() {
		github.close();
		vault.close();
	}

}
