package org.botkeeper.testsupport;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link RealTimeGitHub} once per test run and hands it to tests (also to static
 * {@code @BeforeAll} methods). After each test, fails it when Prism reported an exchange that breaks
 * GitHub's OpenAPI description since the one before: a client that keeps running between tests
 * ({@code serve}) is checked all the time it runs. Then clears the simulator's faults and limits.
 */
public final class RealTimeGitHubExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RealTimeGitHubExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put("mark", github(context).prism().mark());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		RealTimeGitHub github = github(context);
		ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
		int mark = store.get("mark", Integer.class);
		store.put("mark", github.prism().mark());
		github.simulator().faults().clear();
		github.simulator().resetLimits();
		List<String> violations = github.violationsSince(mark);
		if (!violations.isEmpty()) {
			throw new AssertionError("Prism reported exchanges that break GitHub's OpenAPI description during or before "
					+ context.getDisplayName() + ":\n  " + String.join("\n  ", violations));
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == RealTimeGitHub.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return github(context);
	}

	/** The test class's context, where the mark is kept (a parameterized test sits one level further down). */
	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent()) {
			current = current.getParent().orElseThrow();
		}
		return current;
	}

	private static RealTimeGitHub github(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(RealTimeGitHub.class, key -> RealTimeGitHub.start(Path.of(System.getProperty("user.dir"))),
					RealTimeGitHub.class);
	}

}
