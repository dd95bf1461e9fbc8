package org.botkeeper.broker;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.AppInstallationCredential;
import org.botkeeper.github.AppPrivateKey;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubCredential;
import org.botkeeper.github.GitHubDestination;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.github.GitHubObserver;
import org.botkeeper.github.InstallationTokenMinter;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.github.RequestGate;
import org.botkeeper.github.Sleeper;
import org.botkeeper.github.TokenProbe;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretDestination;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenHealthStore;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultLeaseStore;
import org.botkeeper.vault.VaultPermissionException;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultSecretSource;
import org.botkeeper.vault.WriterCredential;
import org.botkeeper.vault.WriterStore;

/**
 * Puts a broker together from a Vault connection and GitHub's address: the token source, ledger and
 * lease in Vault, and GitHub written as the writer credential read from Vault (never as a bound
 * token). The CLI's {@code sync}/{@code status}, {@code serve} and {@code demo} all assemble here.
 */
public final class BrokerAssembly {

	private final VaultConnection vault;

	private final VaultLayout layout;

	private final TokenDefaults defaults;

	private final GitHubApi api;

	private final GitHubLimits limits;

	private final Clock clock;

	private final GitHubObserver observer;

	private final RequestGate gate;

	private GitHubConnection previous;

	/** Owners' own writers, kept across runs like {@link #previous} (their ETags and pacing). */
	private final Map<String, GitHubConnection> ownWriters = new HashMap<>();

	/**
	 * A gate per GitHub host other than {@link #api} (an owner's {@code writer set --api-url}): each host
	 * counts its own limits, so one host's pacing never holds back another's.
	 */
	private final Map<GitHubApi, RequestGate> otherHosts = new HashMap<>();

	public BrokerAssembly(VaultConnection vault, VaultLayout layout, TokenDefaults defaults, GitHubApi api,
			GitHubLimits limits, Clock clock) {
		this(vault, layout, defaults, api, limits, clock, GitHubObserver.NONE);
	}

	/** The broker {@code sync}, {@code status} and {@code serve} assemble from their shared settings. */
	public BrokerAssembly(VaultConnection vault, BrokerSettings settings, Clock clock) {
		this(vault, settings, clock, GitHubObserver.NONE);
	}

	/** @param observer told of every GitHub answer and rate-limit wait (serve's metrics) */
	public BrokerAssembly(VaultConnection vault, BrokerSettings settings, Clock clock, GitHubObserver observer) {
		this(vault, settings.layout(), settings.defaults(), settings.api(), settings.github(), clock, observer);
	}

	/** @param observer told of every GitHub answer and rate-limit wait (serve's metrics) */
	public BrokerAssembly(VaultConnection vault, VaultLayout layout, TokenDefaults defaults, GitHubApi api,
			GitHubLimits limits, Clock clock, GitHubObserver observer) {
		this.observer = observer;
		this.vault = vault;
		this.layout = layout;
		this.defaults = defaults;
		this.api = api;
		this.limits = limits;
		this.clock = clock;
		// One gate for everything this broker sends to GitHub: writer, token probes and App token mints
		// stay within GitHub's limits together.
		this.gate = new RequestGate(limits, clock, Sleeper.SYSTEM);
	}

	/**
	 * Reads the writer credential from Vault and opens GitHub with it. Every connection after the first
	 * keeps the first one's ETag cache and pacing: without that, each scheduled run would start with no
	 * ETags and pay one primary point per binding for a run that changes nothing.
	 */
	public synchronized GitHubConnection github() {
		try (WriterCredential writer = new WriterStore(vault, layout, Policy.BROKER.policyName()).read()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException(
					"No writer credential in Vault mount '" + layout.kvMount() + "': botkeeper cannot write to GitHub. "
							+ "Store one with 'botkeeper writer set --pat' or 'botkeeper writer set --app-id ID "
							+ "--installation-id ID'."))) {
			GitHubCredential credential = credential(writer, null);
			previous = previous == null ? GitHubConnection.open(api, credential, gate, observer)
					: previous.withCredential(credential);
			return previous;
		}
	}

	/**
	 * The connection of {@code owner}'s own writer ({@code writer set --owner}), read from Vault again on
	 * every call (a writer replaced since is used at once).
	 */
	synchronized GitHubConnection github(String owner) {
		try (WriterStore.Stored writer = WriterStore.forOwner(vault, layout, Policy.BROKER.policyName(), owner)
			.readStored()
			.orElseThrow(() -> new ItemFailedException("The writer of " + owner + " is gone from Vault since this run "
					+ "began; the next run uses the default writer."))) {
			GitHubCredential credential = credential(writer.credential(), owner);
			GitHubApi host = host(writer, owner);
			GitHubConnection before = ownWriters.get(owner);
			GitHubConnection now = before == null || !before.api().equals(host)
					? GitHubConnection.open(host, credential, gate(host), observer) : before.withCredential(credential);
			ownWriters.put(owner, now);
			return now;
		}
	}

	/** The GitHub API {@code owner}'s writer writes to: its own host where an admin set one, else the deployment's. */
	private GitHubApi host(WriterStore.Stored writer, String owner) {
		if (writer.apiUrl() == null) {
			return api;
		}
		try {
			return GitHubApi.of(writer.apiUrl().toString(), "The GitHub API of " + owner + "'s writer");
		}
		catch (IllegalArgumentException ex) {
			// Only an admin writes this record, through writer set, which checks the URL first.
			throw new org.botkeeper.vault.VaultException(ex.getMessage() + " Store it again with 'botkeeper writer set "
					+ "--owner " + owner + " --api-url URL'.", 0, null);
		}
	}

	private synchronized RequestGate gate(GitHubApi host) {
		return host.equals(api) ? gate : otherHosts.computeIfAbsent(host, other -> new RequestGate(limits, clock, Sleeper.SYSTEM));
	}

	/**
	 * The GitHub API {@code repository}'s tokens belong to: its owner's writer's host, or the deployment's.
	 * Read from the owner's record (the broker's own policy reads it); a token is only ever sent to its host.
	 */
	private GitHubApi hostOf(org.botkeeper.sync.RepositoryName repository) {
		return hostOf(repository.owner());
	}

	/** The GitHub API {@code owner}'s writer names, or the deployment's. */
	private GitHubApi hostOf(String ownerName) {
		String owner = ownerName.toLowerCase(java.util.Locale.ROOT);
		if (!ownersWithWriters().contains(owner)) {
			return api;
		}
		try (WriterStore.Stored writer = WriterStore.forOwner(vault, layout, Policy.BROKER.policyName(), owner)
			.readStored()
			.orElse(null)) {
			return writer == null ? api : host(writer, owner);
		}
	}

	/**
	 * The owners with a writer of their own. A broker policy that may not list them predates them: using
	 * the default writer for those owners would write as the wrong credential, so the run stops.
	 */
	private Set<String> ownersWithWriters() {
		try {
			return Set.copyOf(WriterStore.owners(vault, layout, Policy.BROKER.policyName()));
		}
		catch (VaultPermissionException ex) {
			throw new RunAbortedException("Cannot list the owners' own writers ('" + VaultLayout.WRITERS + "/') in Vault "
					+ "mount '" + layout.kvMount() + "' with this token: its policy 'botkeeper-broker' predates them. Run "
					+ "'botkeeper vault init' to update the broker's policy, then sync again. Nothing was written.", ex);
		}
	}

	/** @param owner the owner of {@code writer set --owner}, or null for the default writer (for messages) */
	private GitHubCredential credential(WriterCredential writer, String owner) {
		return switch (writer) {
			// Copies: the writer's own values are zeroed when it is closed.
			case WriterCredential.Pat pat -> new PersonalAccessToken(SecretValue.of(pat.token().chars().clone()));
			case WriterCredential.App app -> new AppInstallationCredential(String.valueOf(app.appId()),
					appKey(app, owner), app.installationId(), clock);
		};
	}

	/** The writer's App key, or a message that says the record in Vault holds no usable key (never the key). */
	private java.security.interfaces.RSAPrivateKey appKey(WriterCredential.App app, String owner) {
		try {
			return AppPrivateKey.parse(app.privateKey());
		}
		catch (IllegalArgumentException ex) {
			String whose = owner == null ? "" : " of " + owner;
			String option = owner == null ? "" : " --owner " + owner;
			throw new org.botkeeper.vault.VaultException("The writer credential" + whose + " in Vault mount '"
					+ layout.kvMount() + "' is not usable: " + ex.getMessage() + " Store it again with 'botkeeper writer "
					+ "set" + option + " --app-id " + app.appId() + " --installation-id " + app.installationId()
					+ " < app-private-key.pem'.", 0, null);
		}
	}

	/** Whether GitHub calls go out now, or the circuit breaker holds them back because GitHub is failing. */
	public GitHubCircuit.State githubCircuit() {
		return gate.circuit().state();
	}

	/** What this broker was assembled with (never a credential): for serve's start-up line and the settings test. */
	public BrokerSettings settings() {
		return new BrokerSettings(api, limits, layout, defaults);
	}

	/** The Vault this broker reads from and records to. */
	public VaultConnection vault() {
		return vault;
	}

	/**
	 * True when GitHub answered 401 to the writer credential on the latest connection {@link #github()}
	 * opened: the writer's problem, never a bound token's (those are probed on connections of their own).
	 */
	public synchronized boolean writerRejected() {
		return previous != null && previous.transport().stopped();
	}

	public SyncEngine engine(GitHubConnection github) {
		SecretSource source = new AppTokenSource(new VaultSecretSource(vault, layout, defaults),
				new TokenStore(vault, layout, defaults, Policy.BROKER.policyName()),
				new AppCeilingStore(vault, layout, Policy.BROKER.policyName()), minters());
		SecretDestination destination = new OwnerWriters(new GitHubDestination(github), this::ownersWithWriters,
				owner -> new GitHubDestination(github(owner), owner));
		return new SyncEngine(source, destination, new VaultLedger(vault, layout), clock);
	}

	/**
	 * The organisation secrets' sync ({@code org-secret put}), each written as its organisation's writer
	 * (its own where one is stored, else {@code github}), through the same request gate as the bindings.
	 */
	public org.botkeeper.sync.OrgSecretSync orgSecrets(GitHubConnection github) {
		Set<String> owners = ownersWithWriters();
		return new org.botkeeper.sync.OrgSecretSync(
				new org.botkeeper.vault.OrgSecretStore(vault, layout, Policy.BROKER.policyName()),
				new OrgWriters(organisation -> owners.contains(organisation)
						? new org.botkeeper.github.GitHubOrgSecrets(github(organisation), organisation)
						: new org.botkeeper.github.GitHubOrgSecrets(github, null)),
				new org.botkeeper.vault.VaultOrgLedger(vault, layout, Policy.BROKER.policyName()), clock);
	}

	/** The organisation secrets' states as the broker reads them (records' metadata and its ledger), for serve. */
	public List<org.botkeeper.sync.OrgSecretStatus> orgSecretStatuses() {
		return new org.botkeeper.vault.OrgSecretStore(vault, layout, Policy.BROKER.policyName())
			.statuses(new org.botkeeper.vault.VaultOrgLedger(vault, layout, Policy.BROKER.policyName()));
	}

	/** {@code token check} as the broker: reads token values, probes each on its own connection. */
	public TokenCheck tokenCheck(java.util.Set<String> neededScopes) {
		return new TokenCheck(new TokenStore(vault, layout, defaults, Policy.BROKER.policyName()),
				new TokenHealthStore(vault, layout, Policy.BROKER.policyName()), tokenProbes(), neededScopes, clock);
	}

	/**
	 * A probe per repository, on the host its owner lives on (looked up once per owner per check), so a
	 * GitHub Enterprise Server token is asked about on its own server and never shown to github.com.
	 */
	private java.util.function.Function<org.botkeeper.sync.RepositoryName, TokenProbe> tokenProbes() {
		Map<String, TokenProbe> byOwner = new HashMap<>();
		return repository -> byOwner.computeIfAbsent(repository.owner().toLowerCase(java.util.Locale.ROOT), owner -> {
			GitHubApi host = hostOf(repository);
			return new TokenProbe(host, gate(host));
		});
	}

	/** An App binding's minter on the host its owner lives on (looked up once per owner and run). */
	private java.util.function.Function<org.botkeeper.sync.RepositoryName, InstallationTokenMinter> minters() {
		Map<String, InstallationTokenMinter> byOwner = new HashMap<>();
		return repository -> byOwner.computeIfAbsent(repository.owner().toLowerCase(java.util.Locale.ROOT), owner -> {
			GitHubApi host = hostOf(repository);
			return new InstallationTokenMinter(host, gate(host));
		});
	}

	/** {@code token rotate}: checks a new token as itself, before anything is stored. */
	public TokenRotation tokenRotation() {
		return new TokenRotation(new TokenProbe(api, gate));
	}

	/** {@code remind} as the broker: token records and their checks from Vault, issues in {@code repository} as the writer. */
	public ExpiryReminders reminders(org.botkeeper.sync.RepositoryName repository, java.util.List<Integer> days) {
		return new ExpiryReminders(new TokenStore(vault, layout, defaults, Policy.BROKER.policyName()),
				new TokenHealthStore(vault, layout, Policy.BROKER.policyName()),
				writerOf(repository.owner()).reminderIssues(repository), days, clock);
	}

	/**
	 * {@code token review}: the organisation's fine-grained tokens, as its writer (a GitHub App installed
	 * there: its own, or the default) sees them.
	 */
	public org.botkeeper.github.OrgTokens orgTokens(String organisation) {
		return new org.botkeeper.github.OrgTokens(writerOf(organisation), organisation);
	}

	/** The connection that writes {@code owner}'s repositories: its own writer where one is stored, else the default. */
	private GitHubConnection writerOf(String owner) {
		String name = owner.toLowerCase(java.util.Locale.ROOT);
		return ownersWithWriters().contains(name) ? github(name) : github();
	}

	/** Whose {@code token} is, as GitHub says when it is used as itself ({@code GET /user}). */
	public TokenProbe.Owner tokenOwner(SecretValue token) {
		return new TokenProbe(api, gate).owner(token);
	}

	/** {@code guardrails} as the broker: bound tokens tell the bot's role, the writer reads the rest. */
	public GuardrailsAudit guardrails(java.util.Optional<String> botLogin, boolean requireReviewers) {
		Map<String, org.botkeeper.github.Guardrails> byOwner = new HashMap<>();
		java.util.function.Function<String, org.botkeeper.github.Guardrails> writerChecks = owner -> byOwner
			.computeIfAbsent(owner.toLowerCase(java.util.Locale.ROOT),
					name -> new org.botkeeper.github.Guardrails(writerOf(name), botLogin, requireReviewers));
		return new GuardrailsAudit(new TokenStore(vault, layout, defaults, Policy.BROKER.policyName()), tokenProbes(),
				repository -> writerChecks.apply(repository.owner()),
				() -> new org.botkeeper.vault.OrgSecretStore(vault, layout, Policy.BROKER.policyName()).list(),
				writerChecks);
	}

	/**
	 * {@code footprint} as the broker: the bot's own token read from Vault, GitHub asked as the bot through
	 * this broker's gate, so that serve's footprint and its sync stay within GitHub's limits together.
	 */
	public FootprintAudit footprint() {
		return new FootprintAudit(new TokenStore(vault, layout, defaults, Policy.BROKER.policyName()),
				new BotTokenStore(vault, layout, Policy.BROKER.policyName()),
				token -> GitHubConnection.open(api, new PersonalAccessToken(token), gate, observer),
				owner -> Optional.of(hostOf(owner)).filter(host -> !host.equals(api)).map(GitHubApi::toString),
				layout.kvMount());
	}

	/** The identity Vault knows this broker's token by (e.g. "approle"), for the lease's history. */
	public String vaultIdentity() {
		return vault.displayName();
	}

	/**
	 * A number that moves whenever a writer credential is stored: the default writer's version plus each
	 * owner's own writer's (0 when none is stored). Metadata reads only, never a credential. serve runs
	 * every binding at once when it moves, so an owner's new writer is used as soon as the default's is.
	 */
	public long writerVersion() {
		String policy = Policy.BROKER.policyName();
		long versions = new WriterStore(vault, layout, policy).show().map(WriterStore.WriterInfo::version).orElse(0L);
		List<String> owners;
		try {
			owners = WriterStore.owners(vault, layout, policy);
		}
		catch (VaultPermissionException ex) {
			// A broker policy from before owners' writers: the default writer's version alone still moves.
			return versions;
		}
		for (String owner : owners) {
			versions += WriterStore.forOwner(vault, layout, policy, owner).show().map(WriterStore.WriterInfo::version)
				.orElse(0L);
		}
		return versions;
	}

	/** The change marker as the broker reads it (serve's fast path). */
	public ChangeMarkers changeMarkers() {
		return new ChangeMarkers(vault, layout, Policy.BROKER.policyName());
	}

	public SyncLease lease(Duration ttl) {
		return new SyncLease(new VaultLeaseStore(vault, layout), clock, ttl);
	}

}
