package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.config.BindingsCheck;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.serve.web.StatusPage;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.junit.jupiter.api.Test;

/** The status page's "Bindings as code" section: only with the setting, and short when all is well. */
class StatusPageBindingsFileTests {

	private static final Binding A = new Binding(RepositoryName.parse("org/a"), new EnvironmentName("bot"),
			new SecretName("BOT_PAT"));

	private final StatusBoard board = new StatusBoard(() -> GitHubCircuit.State.CLOSED);

	private final BindingsFile file = new BindingsFile(Path.of("botkeeper.yaml"),
			List.of(new BindingsFile.Declaration(A, 2, Optional.empty(), List.of(), Optional.empty())));

	@Test
	void withoutTheSettingThereShouldBeNoSection() {
		assertThat(new StatusPage(board).page()).doesNotContain("Bindings as code");
	}

	@Test
	void recordsMatchingTheFileShouldSaySoRatherThanShowAnEmptyTable() {
		board.declared(new StatusBoard.Declared(BindingsCheck.of(file, List.of(DesiredSecret.of(A, 1)), Set.of()),
				Optional.empty(), Instant.parse("2026-12-01T00:00:00Z")));

		assertThat(new StatusPage(board).page()).contains("<h2>Bindings as code</h2>")
			.contains("Vault's token records match the file.")
			.doesNotContain("data-config=");
	}

	@Test
	void aProblemShouldBeShownEscapedLineByLine() {
		board.declared(new StatusBoard.Declared(BindingsCheck.of(file, List.of(DesiredSecret.of(A, 1)), Set.of()),
				Optional.of("botkeeper.yaml:3: 'destination': <bad>\nbotkeeper.yaml:5: another"),
				Instant.parse("2026-12-01T00:00:00Z")));

		assertThat(new StatusPage(board).page())
			.contains("botkeeper.yaml:3: &#39;destination&#39;: &lt;bad&gt;<br>botkeeper.yaml:5: another");
	}

}
