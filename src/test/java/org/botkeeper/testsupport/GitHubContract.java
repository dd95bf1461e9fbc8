package org.botkeeper.testsupport;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubCredential;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;

/**
 * The GitHub side of the test run: one simulator and one Prism proxy in front of it, sharing a
 * {@link ManualTime} with the clients they hand out. Connections made here go through Prism, so
 * every exchange is checked against GitHub's OpenAPI description.
 */
public final class GitHubContract implements AutoCloseable {

	private final ManualTime time;

	private final GitHubSimulator simulator;

	private final PrismProxy prism;

	private volatile boolean violationsExpected;

	private final java.util.Set<String> tolerated = java.util.concurrent.ConcurrentHashMap.newKeySet();

	GitHubContract(ManualTime time, GitHubSimulator simulator, PrismProxy prism) {
		this.time = time;
		this.simulator = simulator;
		this.prism = prism;
	}

	static GitHubContract start(java.nio.file.Path projectDir) {
		ManualTime time = new ManualTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		GitHubSimulator simulator = GitHubSimulator.start(SimulatorOptions.defaults().withClock(time));
		simulator.closeConnectionAfterEachAnswer();
		PrismProxy prism = PrismProxy.start(projectDir, simulator.url(), projectDir.resolve("target/prism"));
		return new GitHubContract(time, simulator, prism);
	}

	public ManualTime time() {
		return time;
	}

	public GitHubSimulator simulator() {
		return simulator;
	}

	public PrismProxy prism() {
		return prism;
	}

	/** The API base the client uses: Prism's address. */
	public GitHubApi api() {
		return new GitHubApi(prism.url());
	}

	/** A fresh canary admin PAT the simulator accepts ({@link #newWriterToken}). */
	public PersonalAccessToken newWriterPat() {
		return new PersonalAccessToken(SecretValue.of(newWriterToken()));
	}

	/**
	 * What a GitHub App writer needs, as GitHub documents per endpoint: Actions read (read an
	 * environment), Administration write (create one; read is what guardrails need for branch protection),
	 * Environments and Secrets write (the secrets; Secrets read lists repository secrets for guardrails),
	 * and organisation Secrets read (guardrails: organisation secrets).
	 */
	public static final java.util.Map<String, String> WRITER_APP = java.util.Map.of("actions", "read", "administration",
			"write", "environments", "write", "secrets", "write", "organization_secrets", "read");

	/**
	 * The value of a fresh canary PAT (classic) of {@link SimState#WRITER}, an admin of every simulated
	 * repository, with {@code scopes} (none given: {@code repo} and {@code workflow}).
	 */
	public String newWriterToken(String... scopes) {
		String token = LeakCanaries.classicPat();
		simulator.credentials().classicToken(token, SimState.WRITER, time.instant().plus(30, ChronoUnit.DAYS),
				scopes.length == 0 ? new String[] { "repo", "workflow" } : scopes);
		return token;
	}

	/** A fresh canary PAT (classic, scope {@code repo}) of the bot account, {@link SimState#BOT}. */
	public PersonalAccessToken newBotPat() {
		String token = LeakCanaries.classicPat();
		simulator.credentials().classicToken(token, SimState.BOT, time.instant().plus(30, ChronoUnit.DAYS), "repo");
		return new PersonalAccessToken(SecretValue.of(token));
	}

	/** A connection through Prism on the shared manual time, with GitHub's default limits. */
	public GitHubConnection connect(GitHubCredential credential) {
		return connect(credential, GitHubLimits.defaults());
	}

	public GitHubConnection connect(GitHubCredential credential, GitHubLimits limits) {
		return GitHubConnection.open(api(), credential, limits, time, time);
	}

	/** A connection straight to the simulator, for exchanges the OpenAPI description does not list. */
	public GitHubConnection connectDirectly(GitHubCredential credential) {
		return connectDirectly(credential, GitHubLimits.defaults());
	}

	public GitHubConnection connectDirectly(GitHubCredential credential, GitHubLimits limits) {
		return GitHubConnection.open(GitHubApi.of(simulator.url()), credential, limits, time, time);
	}

	/** Lets the current test provoke violations on purpose (to prove they are detected). */
	public void expectViolations() {
		violationsExpected = true;
	}

	/**
	 * Tolerates, for the current test only, Prism warnings containing {@code warning}: for answers
	 * the simulator gives where GitHub's behaviour is not documented (say why at the call).
	 */
	public void tolerate(String warning) {
		tolerated.add(warning);
	}

	boolean takeViolationsExpected() {
		boolean expected = violationsExpected;
		violationsExpected = false;
		return expected;
	}

	List<String> violationsSince(int mark) {
		List<String> violations = prism.violationsSince(mark, java.util.Set.copyOf(tolerated));
		tolerated.clear();
		return violations;
	}

	URI directUrl() {
		return URI.create(simulator.url());
	}

	@Override
	public void close() {
		prism.close();
		simulator.close();
	}

}
