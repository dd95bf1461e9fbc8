package org.botkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.botkeeper.sync.Action;
import org.botkeeper.sync.DesiredOrgSecret;
import org.botkeeper.sync.OrgPlanItem;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.SecretName;
import org.junit.jupiter.api.Test;

/**
 * Declared organisation secrets against Vault's records: what is missing, undeclared or given to other
 * repositories, and what is held back.
 */
class OrgSecretsCheckTests {

	private static final OrgSecretTarget MATCHING = target("jupyterhub", "BOT_PAT");

	private static final OrgSecretTarget NO_TOKEN = target("jupyterhub", "OTHER_PAT");

	private static final OrgSecretTarget OTHER_REPOSITORIES = target("jupyterlab", "LAB_PAT");

	private static final OrgSecretTarget UNDECLARED = target("ipython", "IPY_PAT");

	private static final BindingsFile FILE = new BindingsFile(Path.of("botkeeper.yaml"), List.of(),
			List.of(declared(MATCHING, 2, "binderhub", "repo2docker"), declared(NO_TOKEN, 6, "tljh"),
					declared(OTHER_REPOSITORIES, 10, "jupyterlab")));

	@Test
	void shouldSortEveryRecordAndDeclaration() {
		OrgSecretsCheck check = OrgSecretsCheck.of(FILE, List.of(record(MATCHING, "repo2docker", "binderhub"),
				record(OTHER_REPOSITORIES, "jupyterlab", "lumino"), record(UNDECLARED, "ipython")), Set.of());

		assertThat(check.checked()).isTrue();
		assertThat(check.missing()).extracting(BindingsFile.OrgDeclaration::target).containsExactly(NO_TOKEN);
		assertThat(check.differing()).singleElement().satisfies(difference -> {
			assertThat(difference.declared().target()).isEqualTo(OTHER_REPOSITORIES);
			assertThat(difference.inVault()).containsExactly("jupyterlab", "lumino");
		});
		assertThat(check.undeclared()).containsExactly(UNDECLARED);
		assertThat(check.needsAttention()).isTrue();
		assertThat(BindingsCheck.none(FILE).with(check).needsAttention()).as("counts in the file's check").isTrue();
		assertThat(BindingsCheck.none(FILE).with(check).missingCount()).isEqualTo(1);
	}

	@Test
	void shouldTakeADeletedValueForNoTokenAndAnUnreadableRecordForNeither() {
		DesiredOrgSecret deleted = new DesiredOrgSecret(MATCHING, 3, false, new TreeSet<>(), Optional.empty());
		OrgSecretsCheck check = OrgSecretsCheck.of(FILE,
				List.of(deleted, DesiredOrgSecret.unreadable(OTHER_REPOSITORIES, "403"), record(NO_TOKEN, "tljh")),
				Set.of());

		assertThat(check.missing()).extracting(BindingsFile.OrgDeclaration::target).containsExactly(MATCHING);
		assertThat(check.differing()).isEmpty();
	}

	@Test
	void shouldCompareOnlyTheNamedOrganisations() {
		OrgSecretsCheck check = OrgSecretsCheck.of(FILE, List.of(record(OTHER_REPOSITORIES, "jupyterlab")),
				Set.of("jupyterlab"));

		assertThat(check.missing()).isEmpty();
		assertThat(check.needsAttention()).isFalse();
	}

	@Test
	void shouldHoldBackTheItemOfASecretGivenToOtherRepositoriesAndNothingElse() {
		OrgSecretsCheck check = OrgSecretsCheck.of(FILE,
				List.of(record(MATCHING, "binderhub", "repo2docker"), record(OTHER_REPOSITORIES, "lumino")), Set.of());
		OrgSecretSync.Planned planned = new OrgSecretSync.Planned(List.of(item(MATCHING), item(OTHER_REPOSITORIES),
				item(UNDECLARED)), List.of());

		assertThat(check.holdBack(planned).items()).extracting(OrgPlanItem::target).containsExactly(MATCHING, UNDECLARED);
		assertThat(OrgSecretsCheck.NOT_CHECKED.holdBack(planned)).isSameAs(planned);
	}

	@Test
	void theDocumentShouldNameEachDeclarationWhereItIsWritten() {
		OrgSecretsCheck check = OrgSecretsCheck.of(FILE, List.of(record(OTHER_REPOSITORIES, "lumino")), Set.of());

		Map<String, Object> config = BindingsCheck.none(FILE).with(check).document();
		@SuppressWarnings("unchecked")
		Map<String, Object> organisations = (Map<String, Object>) config.get("organisation_secrets");
		assertThat(organisations.get("differing")).asList().singleElement().isEqualTo(Map.of("organisation_secret",
				"jupyterlab:[organisation]/LAB_PAT", "repositories", List.of("jupyterlab"), "declared_at",
				"botkeeper.yaml:10", "in_vault", List.of("lumino"), "team", "lab"));
		assertThat(BindingsCheck.none(FILE).document()).as("not compared, not shown")
			.doesNotContainKey("organisation_secrets");
	}

	private static OrgSecretTarget target(String organisation, String name) {
		return new OrgSecretTarget(organisation, new SecretName(name));
	}

	private static DesiredOrgSecret record(OrgSecretTarget target, String... repositories) {
		return DesiredOrgSecret.of(target, 1, new TreeSet<>(List.of(repositories)));
	}

	private static OrgPlanItem item(OrgSecretTarget target) {
		return new OrgPlanItem(target, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 1, 1, Optional.empty());
	}

	private static BindingsFile.OrgDeclaration declared(OrgSecretTarget target, int line, String... repositories) {
		SortedSet<String> names = new TreeSet<>(List.of(repositories));
		return new BindingsFile.OrgDeclaration(target, names, line,
				target.organisation().equals("jupyterlab") ? Optional.of("lab") : Optional.empty(), Optional.empty());
	}

}
