package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The change marker on a real Vault, written and read with the real policies: admins and a repository's
 * maintainers add versions, only the broker reads what they name, and what the broker makes of several
 * changes, of a writer change, of versions it cannot read and of a version botkeeper did not write.
 */
@ExtendWith(VaultServerExtension.class)
class ChangeMarkersIntegrationTests {

	private static String owner;

	private static String maintainerPolicy;

	@BeforeAll
	static void setUp(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
		owner = "cm-" + UUID.randomUUID().toString().substring(0, 8);
		maintainerPolicy = "botkeeper-maintainer-" + owner;
		String text = new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(RepositoryName.parse(owner + "/mine")));
		vault.root().write("sys/policies/acl/" + maintainerPolicy, Map.of("policy", text));
	}

	@Test
	void theBrokerShouldSeeEveryRepositoryChangedSinceItLastLookedAndNothingMore(VaultFixture vault) {
		ChangeMarkers broker = markers(vault, "botkeeper-broker");
		long seen = broker.version();
		RepositoryName first = RepositoryName.parse(owner + "/First");
		RepositoryName second = RepositoryName.parse(owner + "/second");

		markers(vault, "botkeeper-admin").tokenChanged(first);
		long latest = markers(vault, maintainerPolicy).tokenChanged(second);

		assertThat(broker.version()).isEqualTo(latest).isEqualTo(seen + 2);
		assertThat(broker.since(seen, latest)).isEqualTo(new ChangeMarkers.Pending(Set.of(first, second), false));
		assertThat(broker.since(seen + 1, latest)).isEqualTo(new ChangeMarkers.Pending(Set.of(second), false));
		assertThat(broker.since(latest, latest).isEmpty()).isTrue();
	}

	@Test
	void aMaintainerShouldAddVersionsButNeverReadWhatOthersChanged(VaultFixture vault) {
		markers(vault, "botkeeper-admin").tokenChanged(RepositoryName.parse(owner + "/secret-project"));
		ChangeMarkers maintainer = markers(vault, maintainerPolicy);
		long latest = maintainer.version();

		assertThatThrownBy(() -> maintainer.since(latest - 1, latest)).isInstanceOf(VaultPermissionException.class)
			.hasMessageContaining("403");
		assertThatThrownBy(() -> markers(vault, "botkeeper-auditor").tokenChanged(RepositoryName.parse(owner + "/x")))
			.isInstanceOf(VaultPermissionException.class);
		assertThatThrownBy(() -> markers(vault, "botkeeper-broker").writerChanged())
			.isInstanceOf(VaultPermissionException.class);
	}

	@Test
	void aWriterChangeShouldMeanEveryBinding(VaultFixture vault) {
		ChangeMarkers broker = markers(vault, "botkeeper-broker");
		long seen = broker.version();
		markers(vault, "botkeeper-admin").tokenChanged(RepositoryName.parse(owner + "/one"));
		long latest = markers(vault, "botkeeper-admin").writerChanged();

		assertThat(broker.since(seen, latest)).isEqualTo(new ChangeMarkers.Pending(Set.of(), true));
	}

	@Test
	void versionsTheBrokerCannotReadOneByOneShouldMeanEveryBinding(VaultFixture vault) {
		ChangeMarkers admin = markers(vault, "botkeeper-admin");
		ChangeMarkers broker = markers(vault, "botkeeper-broker");
		long seen = broker.version();
		long latest = seen;
		for (int i = 0; i <= ChangeMarkers.MAX_UNREAD; i++) {
			latest = admin.tokenChanged(RepositoryName.parse(owner + "/burst-" + i));
		}

		assertThat(broker.since(seen, latest).everything()).isTrue();
		assertThat(broker.since(latest - 1, latest).everything()).isFalse();
		// KV keeps 10 versions unless told otherwise: the oldest of a burst may already be gone.
		assertThat(broker.since(latest - ChangeMarkers.MAX_UNREAD - 1, latest - 1).everything()).isTrue();
		// A record deleted and written anew starts at version 1 again: the broker lost track.
		assertThat(broker.since(latest + 5, latest).everything()).isTrue();
	}

	@Test
	void aVersionBotkeeperDidNotWriteShouldNameNothing(VaultFixture vault) {
		ChangeMarkers broker = markers(vault, "botkeeper-broker");
		long seen = broker.version();
		vault.root().write("botkeeper/data/changes", Map.of("data", Map.of("repository", "not a name/../x")));
		vault.root().write("botkeeper/data/changes", Map.of("data", Map.of("note", "hello")));

		assertThat(broker.since(seen, broker.version())).isEqualTo(new ChangeMarkers.Pending(Set.of(), false));
	}

	@Test
	void changesWrittenAtOnceShouldEachLandAsAVersionOfTheirOwn(VaultFixture vault) throws Exception {
		ChangeMarkers broker = markers(vault, "botkeeper-broker");
		long seen = broker.version();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<Future<Long>> written = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				RepositoryName repository = RepositoryName.parse(owner + "/at-once-" + i);
				ChangeMarkers admin = markers(vault, "botkeeper-admin");
				written.add(pool.submit(() -> admin.tokenChanged(repository)));
			}
			List<Long> versions = new ArrayList<>();
			for (Future<Long> future : written) {
				versions.add(future.get());
			}
			assertThat(versions).doesNotHaveDuplicates().allMatch(version -> version > seen && version <= seen + 6);
		}
		finally {
			pool.shutdown();
		}
		assertThat(broker.since(seen, broker.version()).repositories()).hasSize(6);
	}

	private static ChangeMarkers markers(VaultFixture vault, String policy) {
		VaultConnection connection = VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies(policy))));
		return new ChangeMarkers(connection, VaultLayout.defaults(), policy);
	}

}
