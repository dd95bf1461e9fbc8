package org.botkeeper.github;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * One connection to a GitHub API as one writer credential: the shared {@link GitHubTransport} and our
 * {@link EnvironmentSecretsClient} on it. Every GitHub call botkeeper makes is one of ours on this
 * transport (README, "Dependencies", says why not {@code org.kohsuke:github-api}).
 */
public final class GitHubConnection {

	private final GitHubTransport transport;

	private final EnvironmentSecretsClient environments;

	private final SecretsClient secrets;

	private final OrganisationSecretsClient organisationSecrets;

	private GitHubConnection(GitHubTransport transport) {
		this.transport = transport;
		this.environments = new EnvironmentSecretsClient(transport);
		this.secrets = new SecretsClient(transport);
		this.organisationSecrets = new OrganisationSecretsClient(transport, secrets);
	}

	/** A connection with the real clock and sleeper and GitHub's documented limits. */
	public static GitHubConnection open(GitHubApi api, GitHubCredential credential) {
		return open(api, credential, GitHubLimits.defaults(), Clock.systemUTC(), Sleeper.SYSTEM);
	}

	public static GitHubConnection open(GitHubApi api, GitHubCredential credential, GitHubLimits limits, Clock clock,
			Sleeper sleeper) {
		return open(api, credential, limits, clock, sleeper, GitHubObserver.NONE);
	}

	/** Like the above, telling {@code observer} of every answer and rate-limit wait (for metrics). */
	public static GitHubConnection open(GitHubApi api, GitHubCredential credential, GitHubLimits limits, Clock clock,
			Sleeper sleeper, GitHubObserver observer) {
		return open(api, credential, new RequestGate(limits, clock, sleeper), observer);
	}

	/**
	 * A connection that waits in {@code gate}, which other connections to the same API may share: the
	 * writer's, the bound-token probes' and the App token mints' requests then stay within GitHub's limits
	 * together.
	 */
	public static GitHubConnection open(GitHubApi api, GitHubCredential credential, RequestGate gate,
			GitHubObserver observer) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(gate.limits().connectTimeout())
			// Redirects are followed by the transport itself, only to the API origin.
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return opened(new GitHubTransport(api, credential, http, gate, userAgent(), observer));
	}

	/**
	 * A connection as another credential that keeps this one's HTTP client, pacing and ETag cache. A
	 * service that reads its writer afresh for every run opens each run's connection this way, so a
	 * no-change run is answered 304 throughout and costs no primary rate-limit points.
	 */
	public GitHubConnection withCredential(GitHubCredential credential) {
		return opened(transport.withCredential(credential));
	}

	private static GitHubConnection opened(GitHubTransport transport) {
		if (transport.credential() instanceof AppInstallationCredential app) {
			app.mintThrough(transport::send);
		}
		return new GitHubConnection(transport);
	}

	/** The API this connection writes to: the deployment's, or an owner's own host. */
	public GitHubApi api() {
		return transport.api();
	}

	public EnvironmentSecretsClient environments() {
		return environments;
	}

	/** Secrets of any {@link SecretScope}: environment, repository Actions, Dependabot, organisation. */
	public SecretsClient secrets() {
		return secrets;
	}

	/** Organisation secrets' visibility and selected repositories. */
	public OrganisationSecretsClient organisationSecrets() {
		return organisationSecrets;
	}

	/** The expiry reminders' issues in {@code repository}, on this connection. */
	public ReminderIssues reminderIssues(org.botkeeper.sync.RepositoryName repository) {
		return new ReminderIssues(transport, repository);
	}

	public GitHubTransport transport() {
		return transport;
	}

	private static String userAgent() {
		Package pkg = GitHubConnection.class.getPackage();
		String version = pkg.getImplementationVersion() == null ? "dev" : pkg.getImplementationVersion();
		return "botkeeper/" + version + " (+https://github.com/botkeeper/botkeeper)";
	}

}
