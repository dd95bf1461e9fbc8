package org.botkeeper.testsupport;

import java.nio.file.Path;
import java.util.List;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimulatorOptions;

/**
 * The GitHub side for clients on the real clock: {@code serve}, and CLI runs that wait out a rate limit in
 * real time. One simulator on the system clock and Prism in front of it, started once per test run by
 * {@link RealTimeGitHubExtension}, which fails a test during which Prism reported an exchange that breaks
 * GitHub's OpenAPI description. ({@link GitHubContract} is the same on a manual clock, for clients that
 * share that clock.)
 */
public final class RealTimeGitHub implements AutoCloseable {

	private final GitHubSimulator simulator;

	private final PrismProxy prism;

	private RealTimeGitHub(GitHubSimulator simulator, PrismProxy prism) {
		this.simulator = simulator;
		this.prism = prism;
	}

	static RealTimeGitHub start(Path projectDir) {
		GitHubSimulator simulator = GitHubSimulator.start(SimulatorOptions.defaults());
		simulator.closeConnectionAfterEachAnswer();
		return new RealTimeGitHub(simulator, PrismProxy.start(projectDir, simulator.url(), projectDir.resolve("target/prism")));
	}

	public GitHubSimulator simulator() {
		return simulator;
	}

	/** The API base a client should use ({@code GITHUB_API_URL}): Prism's address. */
	public String url() {
		return prism.url().toString();
	}

	PrismProxy prism() {
		return prism;
	}

	List<String> violationsSince(int mark) {
		return prism.violationsSince(mark, List.of());
	}

	@Override
	public void close() {
		prism.close();
		simulator.close();
	}

}
