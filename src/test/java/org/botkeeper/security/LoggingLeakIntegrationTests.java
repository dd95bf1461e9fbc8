package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end sync with fresh canary tokens, once with every logger at INFO and once at TRACE
 * (spring-vault, Spring's HTTP clients, botkeeper, everything): no log event, message, argument or
 * exception chain shows a canary in any encoded form. The same events also reach the test output,
 * which the leak sweep scans after the run.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class LoggingLeakIntegrationTests {

	private static final class Capture extends AppenderBase<ILoggingEvent> {

		final List<String> lines = new ArrayList<>();

		@Override
		protected synchronized void append(ILoggingEvent event) {
			StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
			for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
				line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
			}
			lines.add(line.toString());
		}

	}

	@ParameterizedTest(name = "at {0}")
	@ValueSource(strings = { "INFO", "TRACE" })
	void theEndToEndSyncShouldLogNoSecretAtAnyLevel(String level, VaultFixture vault, GitHubContract github) {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		LoggerContext context = root.getLoggerContext();
		Level before = root.getLevel();
		Capture capture = new Capture();
		capture.setContext(context);
		capture.start();
		root.addAppender(capture);
		root.setLevel(Level.toLevel(level));
		try {
			SyncWorld world = new SyncWorld(vault, github);
			RepositoryName a = world.repositoryWithEnvironment("a");
			RepositoryName b = world.repository("b");
			String tokenA = world.putToken(a);
			String tokenB = world.putToken(b);
			SyncEngine engine = world.engine();
			ApplyReport report = engine.apply(engine.plan(Set.of(a, b), Planner.Options.DEFAULT), WriteFence.NONE,
					result -> {
					});
			assertThat(report.succeeded()).as(report.toString()).isTrue();
			world.putToken(a);
			world.engine().apply(world.engine().plan(Set.of(a, b), Planner.Options.DEFAULT), WriteFence.NONE, result -> {
			});
			assertThat(world.decrypted(b)).isEqualTo(tokenB);
			assertThat(tokenA).isNotBlank();
		}
		finally {
			root.setLevel(before);
			root.detachAppender(capture);
			capture.stop();
		}
		if (level.equals("TRACE")) {
			assertThat(capture.lines).as("TRACE really logged something").isNotEmpty();
		}
		LeakCanaries.assertNoLeak("log events at " + level, String.join("\n", capture.lines));
	}

}
