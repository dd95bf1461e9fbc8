package org.botkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.Action;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.SyncEngine;
import org.junit.jupiter.api.Test;

/** Declared bindings against Vault's records: what is missing, undeclared or bound elsewhere, and what is held back. */
class BindingsCheckTests {

	private static final EnvironmentName ENV = new EnvironmentName("jupyterhub-bot");

	private static final SecretName NAME = new SecretName("JUPYTERHUB_BOT_PAT");

	private static final Binding MATCHING = env("jupyterhub/binderhub");

	private static final Binding NO_TOKEN = env("jupyterhub/repo2docker");

	private static final Binding DECLARED_REPOSITORY = new Binding(repo("jupyterhub/tljh"), null, NAME,
			DestinationKind.REPOSITORY);

	private static final Binding STORED_ENVIRONMENT = env("jupyterhub/tljh");

	private static final Binding UNDECLARED = env("jupyter/notebook");

	private static final BindingsFile FILE = new BindingsFile(Path.of("botkeeper.yaml"),
			List.of(declared(MATCHING, 2), declared(NO_TOKEN, 3), declared(DECLARED_REPOSITORY, 4)));

	@Test
	void shouldSortEveryRecordAndDeclaration() {
		BindingsCheck check = BindingsCheck.of(FILE,
				List.of(DesiredSecret.of(MATCHING, 1), DesiredSecret.of(STORED_ENVIRONMENT, 1),
						DesiredSecret.of(UNDECLARED, 1)),
				Set.of());

		assertThat(check.missing()).extracting(BindingsFile.Declaration::binding).containsExactly(NO_TOKEN);
		assertThat(check.differing())
			.containsExactly(new BindingsCheck.Difference(FILE.declarations().get(2), STORED_ENVIRONMENT));
		assertThat(check.undeclared()).containsExactly(UNDECLARED);
		assertThat(check.needsAttention()).isTrue();
	}

	@Test
	void shouldNeedNobodyWhenEveryDeclarationHasItsToken() {
		BindingsFile one = new BindingsFile(Path.of("f"), List.of(declared(MATCHING, 2)));
		BindingsCheck check = BindingsCheck.of(one,
				List.of(DesiredSecret.of(MATCHING, 1), DesiredSecret.of(UNDECLARED, 1)), Set.of());

		assertThat(check.needsAttention()).isFalse();
		assertThat(check.undeclared()).containsExactly(UNDECLARED);
	}

	@Test
	void shouldTakeADeletedValueForNoTokenAndAnUnreadableRecordForNeither() {
		DesiredSecret deleted = new DesiredSecret(MATCHING, 3, false, Optional.empty(), false);
		DesiredSecret invalid = DesiredSecret.of(env("jupyterhub/tljh"), 2).refusedBecause(Reason.RECORD_INVALID);
		BindingsCheck check = BindingsCheck.of(FILE,
				List.of(deleted, invalid, DesiredSecret.unreadable(NO_TOKEN, "403")), Set.of());

		assertThat(check.missing()).extracting(BindingsFile.Declaration::binding).containsExactly(MATCHING);
		assertThat(check.differing()).isEmpty();
	}

	@Test
	void shouldCompareOnlyTheNamedRepositoriesWhenTheRunIsLimited() {
		BindingsCheck check = BindingsCheck.of(FILE, List.of(DesiredSecret.of(MATCHING, 1)),
				Set.of(repo("jupyterhub/binderhub")));

		assertThat(check.missing()).isEmpty();
		assertThat(check.needsAttention()).isFalse();
	}

	@Test
	void shouldHoldBackEveryItemOfARepositoryBoundElsewhere() {
		BindingsCheck check = BindingsCheck.of(FILE,
				List.of(DesiredSecret.of(MATCHING, 1), DesiredSecret.of(STORED_ENVIRONMENT, 1)), Set.of());
		Binding movedFrom = new Binding(repo("jupyterhub/tljh"), new EnvironmentName("old"), NAME);
		SyncEngine.PlannedRun planned = new SyncEngine.PlannedRun(
				new Plan(List.of(new PlanItem(MATCHING, Action.CREATE_SECRET, Reason.NEW_BINDING, 1),
						new PlanItem(STORED_ENVIRONMENT, Action.CREATE_SECRET, Reason.NEW_BINDING, 1),
						new PlanItem(movedFrom, Action.DELETE_SECRET, Reason.TARGET_MOVED, 0))),
				List.of(), Map.of());

		assertThat(check.holdBack(planned).plan().items()).extracting(PlanItem::binding).containsExactly(MATCHING);
	}

	private static Binding env(String repository) {
		return new Binding(repo(repository), ENV, NAME);
	}

	private static RepositoryName repo(String text) {
		return RepositoryName.parse(text);
	}

	private static BindingsFile.Declaration declared(Binding binding, int line) {
		return new BindingsFile.Declaration(binding, line, Optional.empty(), List.of(), Optional.empty());
	}

}
