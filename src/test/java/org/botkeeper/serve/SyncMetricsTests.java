package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.botkeeper.sync.Action;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.OrgLedgerEntry;
import org.botkeeper.sync.OrgPlanItem;
import org.botkeeper.sync.OrgSecretStatus;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.SecretName;
import org.junit.jupiter.api.Test;

/**
 * The organisation secrets' metrics: their items by action and status, and their states, named and labelled
 * as the bindings' are, with no label that names a secret.
 */
class SyncMetricsTests {

	private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SyncMetrics metrics = new SyncMetrics(registry);

	private final OrgSecretTarget target = new OrgSecretTarget("jupyterhub", new SecretName("SHARED_PAT"));

	private final SortedSet<String> repositories = new TreeSet<>(List.of("binderhub", "repo2docker"));

	@Test
	void anOrganisationSecretsItemsShouldBeCountedByActionAndStatus() {
		metrics.organisationItem(result(Action.UPDATE_SECRET, Reason.SELECTION_CHANGED, ItemResult.Status.DONE));
		metrics.organisationItem(result(Action.UPDATE_SECRET, Reason.CHANGED_OUT_OF_BAND, ItemResult.Status.DONE));
		metrics.organisationItem(result(Action.FAILED, Reason.GITHUB_READ_FAILED, ItemResult.Status.FAILED));

		assertThat(items("update_secret", "done")).isEqualTo(2);
		assertThat(items("failed", "failed")).isEqualTo(1);
		assertThat(registry.find("botkeeper.sync.items").counters()).as("the bindings' counter is left alone").isEmpty();
		assertThat(registry.find("botkeeper.sync.organisation.items").meters())
			.allSatisfy(meter -> assertThat(labels(meter)).containsExactlyInAnyOrder("action", "status"));
	}

	@Test
	void theOrganisationSecretsGaugesShouldCountEveryStateAndFollowTheLatestStatuses() {
		OrgSecretStatus synced = OrgSecretStatus.of(target, 1, repositories, Optional.of(confirmed(1)));
		OrgSecretStatus pending = OrgSecretStatus.of(target, 2, repositories, Optional.of(confirmed(1)));
		OrgSecretStatus failing = OrgSecretStatus.of(target, 1, repositories,
				Optional.of(confirmed(1).failedWith("GitHub answered 500", AT)));

		metrics.organisationSecrets(List.of(synced, pending, pending, failing));

		assertThat(secrets("synced")).isEqualTo(1);
		assertThat(secrets("pending")).isEqualTo(2);
		assertThat(secrets("failing")).isEqualTo(1);
		assertThat(secrets("blocked")).as("every state has its series, 0 included").isZero();
		assertThat(registry.find("botkeeper.organisation.secrets").meters())
			.allSatisfy(meter -> assertThat(labels(meter)).containsExactly("state"));

		metrics.organisationSecrets(List.of(synced));

		assertThat(secrets("synced")).isEqualTo(1);
		assertThat(secrets("pending")).as("replaced, not added to").isZero();
		assertThat(secrets("failing")).isZero();
	}

	private OrgSecretSync.Result result(Action action, Reason reason, ItemResult.Status status) {
		return new OrgSecretSync.Result(new OrgPlanItem(target, action, reason, 1, repositories.size(), Optional.empty()),
				status, "message");
	}

	private OrgLedgerEntry confirmed(long version) {
		return OrgLedgerEntry.confirmed(target, version, AT, repositories, AT);
	}

	private double items(String action, String status) {
		var counter = registry.find("botkeeper.sync.organisation.items").tag("action", action).tag("status", status)
			.counter();
		return counter == null ? 0 : counter.count();
	}

	private double secrets(String state) {
		var gauge = registry.find("botkeeper.organisation.secrets").tag("state", state).gauge();
		assertThat(gauge).as("botkeeper.organisation.secrets{state=%s}", state).isNotNull();
		return gauge.value();
	}

	private static List<String> labels(Meter meter) {
		return meter.getId().getTags().stream().map(tag -> tag.getKey()).toList();
	}

}
