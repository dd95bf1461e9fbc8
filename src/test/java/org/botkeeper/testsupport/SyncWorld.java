package org.botkeeper.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubDestination;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultSecretSource;
import org.botkeeper.vault.VaultSettings;

/**
 * One end-to-end world: the real Vault of this run (tokens stored with the admin policy, synced with
 * the broker policy), the run's GitHub simulator behind Prism (so every exchange is held against
 * GitHub's OpenAPI description), a writer PAT the simulator accepts, and a unique owner so tests
 * sharing both servers do not see each other's bindings.
 */
public final class SyncWorld {

	public final GitHubSimulator github;

	private final GitHubContract contract;

	public final String owner = "it" + UUID.randomUUID().toString().substring(0, 8);

	public final VaultConnection admin;

	public final VaultConnection broker;

	/**
	 * The Vault tokens behind {@link #admin} and {@link #broker}, for CLI runs as either and for
	 * connections of a test's own (through a fault proxy, say).
	 */
	public final String adminToken;

	public final String brokerToken;

	public final TokenDefaults defaults = TokenDefaults.fromEnvironment(Map.of());

	public final VaultLayout layout = VaultLayout.defaults();

	private final String writerToken;

	private final String vaultAddress;

	private GitHubConnection writer;

	public SyncWorld(VaultFixture vault, GitHubContract contract) {
		vault.ensureKv2("botkeeper");
		vault.writePolicy("botkeeper-admin");
		vault.writePolicy("botkeeper-broker");
		adminToken = vault.tokenWithPolicies("botkeeper-admin");
		brokerToken = vault.tokenWithPolicies("botkeeper-broker");
		admin = connect(vault, adminToken);
		broker = connect(vault, brokerToken);
		this.contract = contract;
		vaultAddress = vault.server().address().toString();
		github = contract.simulator();
		writerToken = contract.newWriterToken();
	}

	private static VaultConnection connect(VaultFixture vault, String token) {
		return VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", token)));
	}

	public RepositoryName repository(String name) {
		github.state().addRepository(owner + "/" + name);
		return RepositoryName.parse(owner + "/" + name);
	}

	/** A repository whose bot environment already exists, limited to protected branches. */
	public RepositoryName repositoryWithEnvironment(String name) {
		RepositoryName repository = repository(name);
		github.state().addEnvironment(repository.toString(), defaults.environment().value());
		return repository;
	}

	public Binding binding(RepositoryName repository) {
		return new Binding(repository, defaults.environment(), defaults.secretName());
	}

	/** Stores a fresh canary token for {@code repository} as the admin; returns its value. */
	public String putToken(RepositoryName repository) {
		return putToken(repository, LeakCanaries.fineGrainedPat());
	}

	/** Stores {@code token} (a canary) for {@code repository} as the admin; returns it. */
	public String putToken(RepositoryName repository, String token) {
		new TokenStore(admin, layout, defaults, "botkeeper-admin").put(repository, SecretValue.of(token),
				new TokenStore.TokenChange(null, null, null, null), null);
		return token;
	}

	public SimEnvironment environment(RepositoryName repository) {
		return github.state().repository(repository.toString()).environment(defaults.environment().value());
	}

	/** What the simulator decrypted for the binding, or null when the secret does not exist. */
	public String decrypted(RepositoryName repository) {
		SimEnvironment environment = environment(repository);
		SimSecret secret = environment == null ? null : environment.secret(defaults.secretName().value());
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	/** The writer's connection, through Prism, on the contract's manual time (pacing costs no wall time). */
	public synchronized GitHubConnection writer() {
		PersonalAccessToken credential = new PersonalAccessToken(SecretValue.of(writerToken));
		// Like the broker: later runs keep the first connection's ETags, so a no-change run costs no points.
		writer = writer == null ? contract.connect(credential) : writer.withCredential(credential);
		return writer;
	}

	/** A connection as the same writer that shares nothing with {@link #writer()}: another process, say. */
	public GitHubConnection separateWriter() {
		return contract.connect(new PersonalAccessToken(SecretValue.of(writerToken)));
	}

	/** Stores the writer PAT in Vault as the admin, for CLI runs that assemble the broker from Vault. */
	public void storeWriter() {
		storeWriter(writerToken);
	}

	/** Stores {@code pat} (one the simulator knows) as the writer credential, as the admin. */
	public void storeWriter(String pat) {
		new org.botkeeper.vault.WriterStore(admin, layout, "botkeeper-admin")
			.set(new org.botkeeper.vault.WriterCredential.Pat(SecretValue.of(pat)));
	}

	/**
	 * Lets this world's writer in on {@code other} too: a simulator of a test's own, on the real clock,
	 * for CLI runs that wait real time (a rate limit's reset, say).
	 */
	public void allowWriterOn(GitHubSimulator other) {
		other.credentials().classicToken(writerToken, org.botkeeper.githubsim.SimState.WRITER,
				java.time.Instant.now().plus(30, java.time.temporal.ChronoUnit.DAYS), "repo", "workflow");
	}

	/**
	 * Expires the shared server's sync lease if another test's replica still holds it, with check-and-set
	 * like any replica: for tests that take the lease (the CLI waits for a held one) and are not about
	 * it. Expired for both clocks of the run: a replica on the contract's manual clock releases it into
	 * the real future when that clock runs ahead, a CLI on the real clock into the manual clock's future
	 * when it lags.
	 */
	public void expireLeaseIfHeld() {
		java.time.Instant now = java.time.Instant.now();
		java.time.Instant earliest = contract.time().instant().isBefore(now) ? contract.time().instant() : now;
		org.botkeeper.vault.VaultLeaseStore leases = new org.botkeeper.vault.VaultLeaseStore(broker, layout);
		leases.read().filter(current -> current.lease().expiresAt().isAfter(earliest.minusSeconds(1))).ifPresent(current ->
				leases.compareAndSet(current.version(), new org.botkeeper.sync.LeaseStore.Record(current.lease().holder(),
						current.lease().fencing(), earliest.minusSeconds(1), current.lease().history())));
	}

	/** The environment GitHub URL and writer a CLI run needs, pointing at Prism. */
	public String apiUrl() {
		return contract.api().base().toString();
	}

	/** A sync engine as the broker runs it: broker policy in Vault, writer credential on GitHub. */
	public SyncEngine engine() {
		return engine(broker, writer());
	}

	/** A sync engine with another Vault connection or GitHub connection (limits, no Prism, ...). */
	public SyncEngine engine(VaultConnection vault, GitHubConnection github) {
		return new SyncEngine(new VaultSecretSource(vault, layout, defaults), new GitHubDestination(github),
				new VaultLedger(vault, layout), Clock.systemUTC());
	}

	/**
	 * The writer's connection straight to the simulator, for faults Prism would mask (a broken upstream
	 * connection becomes Prism's own answer), with {@code limits}.
	 */
	public GitHubConnection writerDirectly(GitHubLimits limits) {
		return contract.connectDirectly(new PersonalAccessToken(SecretValue.of(writerToken)), limits);
	}

	/** The writer's connection to the GitHub API at {@code url} (a fault proxy in front of the simulator). */
	public GitHubConnection writerAt(String url, GitHubLimits limits) {
		return GitHubConnection.open(org.botkeeper.github.GitHubApi.of(url),
				new PersonalAccessToken(SecretValue.of(writerToken)), limits, contract.time(), contract.time());
	}

	/** A connection with {@code token} to the Vault at {@code address} (this one, or a proxy in front). */
	public VaultConnection vaultAt(String address, String token) {
		return VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", address, "VAULT_TOKEN", token)));
	}

	/** A connection to this Vault with {@code token}. */
	public VaultConnection vault(String token) {
		return VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vaultAddress, "VAULT_TOKEN", token)));
	}

	/** The broker's ledger entries of this world's repositories. */
	public Map<RepositoryName, org.botkeeper.sync.LedgerEntry> ledger() {
		Map<RepositoryName, org.botkeeper.sync.LedgerEntry> all = new VaultLedger(broker, layout).entries();
		Map<RepositoryName, org.botkeeper.sync.LedgerEntry> ours = new java.util.LinkedHashMap<>();
		all.forEach((repository, entry) -> {
			if (repository.owner().equals(owner)) {
				ours.put(repository, entry);
			}
		});
		return ours;
	}

}
