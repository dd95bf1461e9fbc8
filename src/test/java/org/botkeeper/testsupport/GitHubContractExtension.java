package org.botkeeper.testsupport;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the GitHub simulator and Prism in front of it once per test run, hands tests a
 * {@link GitHubContract}, and fails any test during which Prism reported a request or response that
 * does not match GitHub's OpenAPI description.
 */
public final class GitHubContractExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(GitHubContractExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		contract(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put("mark", contract(context).prism().mark());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		GitHubContract contract = contract(context);
		contract.simulator().faults().clear();
		contract.simulator().behaviour().reset();
		contract.simulator().resetLimits();
		contract.time().onSleep(duration -> {
		});
		int mark = context.getStore(NAMESPACE).get("mark", Integer.class);
		List<String> violations = contract.violationsSince(mark);
		if (!contract.takeViolationsExpected() && !violations.isEmpty()) {
			throw new AssertionError("Prism reported exchanges that break GitHub's OpenAPI description during "
					+ context.getDisplayName() + ":\n  " + String.join("\n  ", violations));
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == GitHubContract.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return contract(context);
	}

	private static GitHubContract contract(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(GitHubContract.class, key -> GitHubContract.start(Path.of(System.getProperty("user.dir"))),
					GitHubContract.class);
	}

}
