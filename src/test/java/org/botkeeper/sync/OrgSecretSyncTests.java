package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.botkeeper.crypto.SecretValue;
import org.junit.jupiter.api.Test;

/**
 * The organisation secrets' apply with in-memory ports: the ledger is written only after GitHub
 * accepted a write, a record changed since the plan is not written, and a list repair sends the list
 * alone.
 */
class OrgSecretSyncTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

	private final OrgSecretTarget target = new OrgSecretTarget("org", new SecretName("SHARED_PAT"));

	private final List<String> calls = new ArrayList<>();

	private long vaultVersion = 1;

	private SortedSet<String> vaultList = new TreeSet<>(List.of("a", "b"));

	private OrgObservation seen = OrgObservation.missing(List.of());

	private RuntimeException pushFailure;

	private final Map<OrgSecretTarget, OrgLedger.Versioned> ledgerRecords = new HashMap<>();

	/** How the next confirmation meets a Vault whose active node died: lost before or after it landed. */
	private enum Outage { NONE, BEFORE, AFTER }

	private Outage outage = Outage.NONE;

	private final List<java.time.Duration> pauses = new ArrayList<>();

	private final OrgSecretSource source = new OrgSecretSource() {
		@Override
		public List<DesiredOrgSecret> desired(Set<String> organisations) {
			return List.of(DesiredOrgSecret.of(target, vaultVersion, vaultList));
		}

		@Override
		public Optional<DesiredOrgSecret> current(OrgSecretTarget target) {
			return Optional.of(DesiredOrgSecret.of(target, vaultVersion, vaultList));
		}

		@Override
		public SecretValue read(OrgSecretTarget target, long version) {
			return SecretValue.of("value-" + version);
		}
	};

	private final OrgSecretDestination destination = new OrgSecretDestination() {
		@Override
		public OrgObservation observe(OrgSecretTarget target, SortedSet<String> repositories) {
			return seen;
		}

		@Override
		public Instant push(OrgSecretTarget target, SecretValue value, SortedSet<String> repositories) {
			if (pushFailure != null) {
				throw pushFailure;
			}
			calls.add("push " + repositories);
			return CLOCK.instant();
		}

		@Override
		public void select(OrgSecretTarget target, SortedSet<String> repositories) {
			calls.add("select " + repositories);
		}

		@Override
		public void delete(OrgSecretTarget target) {
			calls.add("delete");
		}
	};

	private final OrgLedger ledger = new OrgLedger() {
		@Override
		public Map<OrgSecretTarget, OrgLedgerEntry> entries() {
			Map<OrgSecretTarget, OrgLedgerEntry> entries = new HashMap<>();
			ledgerRecords.forEach((key, value) -> value.entry().ifPresent(entry -> entries.put(key, entry)));
			return entries;
		}

		@Override
		public Optional<Versioned> read(OrgSecretTarget target) {
			return Optional.ofNullable(ledgerRecords.get(target));
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, OrgLedgerEntry entry) {
			long actual = Optional.ofNullable(ledgerRecords.get(entry.target())).map(Versioned::version).orElse(0L);
			if (actual != expectedVersion) {
				return Optional.empty();
			}
			if (outage == Outage.BEFORE && entry.pushedVersion() > 0) {
				outage = Outage.NONE;
				throw new IllegalStateException("no active node");
			}
			calls.add("ledger version " + entry.pushedVersion() + " " + entry.repositories()
					+ entry.lastError().map(error -> " error").orElse(""));
			ledgerRecords.put(entry.target(), new Versioned(Optional.of(entry), actual + 1));
			if (outage == Outage.AFTER && entry.pushedVersion() > 0) {
				outage = Outage.NONE;
				throw new IllegalStateException("no active node");
			}
			return Optional.of(actual + 1);
		}

		@Override
		public boolean passing(RuntimeException failure) {
			return "no active node".equals(failure.getMessage());
		}

		@Override
		public void remove(OrgSecretTarget target) {
			ledgerRecords.remove(target);
		}
	};

	private final OrgSecretSync sync = new OrgSecretSync(source, destination, ledger, CLOCK, pauses::add);

	private List<OrgSecretSync.Result> planAndApply() {
		return sync.apply(sync.plan(Set.of(), Planner.Options.DEFAULT), () -> {
		}, result -> {
		});
	}

	@Test
	void theLedgerShouldRecordAWriteOnlyAfterGitHubAcceptedIt() {
		List<OrgSecretSync.Result> results = planAndApply();

		assertThat(results).singleElement().extracting(OrgSecretSync.Result::status).isEqualTo(ItemResult.Status.DONE);
		assertThat(calls).containsExactly("ledger version 0 [a, b]", "push [a, b]", "ledger version 1 [a, b]");
	}

	/**
	 * GitHub took the write and the ledger did not answer its confirmation (Vault's active node died): the
	 * run waits and records it then, once, whether or not it had landed, so the next run writes nothing.
	 */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(value = Outage.class, names = { "BEFORE", "AFTER" })
	void aConfirmationVaultDidNotAnswerShouldBeRecordedOnceItAnswers(Outage lost) {
		outage = lost;

		List<OrgSecretSync.Result> results = planAndApply();

		assertThat(results).singleElement().extracting(OrgSecretSync.Result::status).isEqualTo(ItemResult.Status.DONE);
		assertThat(pauses).as("it waited").isNotEmpty();
		assertThat(calls).as("one push, one confirmation").containsExactly("ledger version 0 [a, b]", "push [a, b]",
				"ledger version 1 [a, b]");
		seen = OrgObservation.seen(CLOCK.instant(), "selected", vaultList, List.of());
		assertThat(sync.plan(Set.of(), Planner.Options.DEFAULT).hasChanges()).as("nothing left to write").isFalse();
	}

	@Test
	void aFailedWriteShouldLeaveNoConfirmationBehind() {
		pushFailure = new ItemFailedException("GitHub said 500");

		List<OrgSecretSync.Result> results = planAndApply();

		assertThat(results).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.FAILED);
			assertThat(result.message()).isEqualTo("GitHub said 500");
		});
		assertThat(ledgerRecords.get(target).entry()).as("the intent only: nothing confirmed").hasValueSatisfying(
				entry -> assertThat(entry.unconfirmed()).isTrue());
	}

	/**
	 * The run died (or Vault went away) after GitHub created the secret and before its confirmation: the
	 * next run finds its own secret through the intent and writes it once more, instead of BLOCKED.
	 */
	@Test
	void aCreateWhoseConfirmationWasLostShouldBeWrittenAgainNotBlocked() {
		pushFailure = new RunAbortedException("Vault went away after GitHub took the write");
		planAndApply();
		pushFailure = null;
		seen = OrgObservation.seen(CLOCK.instant(), "selected", vaultList, List.of());
		calls.clear();

		OrgSecretSync.Planned next = sync.plan(Set.of(), Planner.Options.DEFAULT);
		List<OrgSecretSync.Result> results = sync.apply(next, () -> {
		}, result -> {
		});

		assertThat(next.items()).singleElement().satisfies(item -> {
			assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
			assertThat(item.reason()).isEqualTo(Reason.UNCONFIRMED_WRITE);
		});
		assertThat(results).singleElement().extracting(OrgSecretSync.Result::status).isEqualTo(ItemResult.Status.DONE);
		assertThat(calls).containsExactly("push [a, b]", "ledger version 1 [a, b]");
	}

	@Test
	void aRecordChangedSinceThePlanShouldNotBeWritten() {
		OrgSecretSync.Planned planned = sync.plan(Set.of(), Planner.Options.DEFAULT);
		vaultVersion = 2;
		vaultList = new TreeSet<>(List.of("a", "c"));

		List<OrgSecretSync.Result> results = sync.apply(planned, () -> {
		}, result -> {
		});

		assertThat(results).singleElement().extracting(OrgSecretSync.Result::status).isEqualTo(ItemResult.Status.SKIPPED);
		assertThat(calls).isEmpty();
	}

	@Test
	void aListRepairShouldSendTheListAloneAndKeepTheRecordedUpdate() {
		planAndApply();
		calls.clear();
		seen = OrgObservation.seen(CLOCK.instant(), "selected", new TreeSet<>(List.of("a", "b", "c")), List.of());

		List<OrgSecretSync.Result> results = planAndApply();

		assertThat(results).singleElement().extracting(OrgSecretSync.Result::status).isEqualTo(ItemResult.Status.DONE);
		assertThat(calls).containsExactly("select [a, b]", "ledger version 1 [a, b]");
		assertThat(ledgerRecords.get(target).entry().flatMap(OrgLedgerEntry::githubUpdatedAt)).contains(CLOCK.instant());
	}

	@Test
	void aStoppedRunShouldWriteNothingMore() {
		List<OrgSecretSync.Result> results = sync.apply(sync.plan(Set.of(), Planner.Options.DEFAULT), () -> {
			throw new RunAbortedException("the lease is lost");
		}, result -> {
		});

		assertThat(results).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.FAILED);
			assertThat(result.message()).isEqualTo("the lease is lost");
		});
		assertThat(calls).isEmpty();
	}

}
