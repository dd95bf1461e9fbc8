package org.botkeeper.serve;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.botkeeper.broker.BotFootprint;
import org.botkeeper.config.BindingsCheck;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.github.GitHubObserver;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.OrgSecretStatus;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.StatusReport;

/**
 * Prometheus metrics of the broker: sync runs and items by outcome, bindings by state
 * ({@code botkeeper_bindings{state="blocked"}}), GitHub requests by status, rate-limit waits, and each
 * token's days to expiry (0 for a token GitHub reported revoked), and the state of the circuit breaker in
 * front of GitHub ({@code botkeeper_github_circuit{state="open"}} is 1 while GitHub calls are held back), and
 * the bot's footprint ({@link #footprint}), and the check against the bindings file ({@link #declared}). Labels are binding names, states and
 * outcomes, never values. Organisation secrets ({@code org-secret put}) have the same two views as bindings: items by
 * action and status ({@code botkeeper_sync_organisation_items_total}) and secrets by state
 * ({@code botkeeper_organisation_secrets{state="failing"}}); they are few and span repositories, so no label names one.
 */
public final class SyncMetrics implements GitHubObserver {

	private final MeterRegistry registry;

	private final MultiGauge daysToExpiry;

	private final MultiGauge bindings;

	private final MultiGauge organisationSecrets;

	public SyncMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.daysToExpiry = MultiGauge.builder("botkeeper.token.days.to.expiry")
			.description("Whole days until each binding's token expires (negative when expired)")
			.register(registry);
		this.bindings = MultiGauge.builder("botkeeper.bindings")
			.description("Bindings by state in the latest status: synced, pending, blocked, failing")
			.register(registry);
		this.organisationSecrets = MultiGauge.builder("botkeeper.organisation.secrets")
			.description("Organisation secrets by state after the latest full run: synced, pending, blocked, failing")
			.register(registry);
	}

	/** One gauge per breaker state, 1 for the state it is in now and 0 for the others. */
	void githubCircuit(Supplier<GitHubCircuit.State> current) {
		for (GitHubCircuit.State state : GitHubCircuit.State.values()) {
			Gauge.builder("botkeeper.github.circuit", () -> current.get() == state ? 1 : 0)
				.description("State of the circuit breaker in front of GitHub: open while GitHub is failing")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	/**
	 * The bot's footprint: {@code botkeeper_bot_excess_repositories}, the repositories it can push to with no
	 * binding, and {@code botkeeper_bot_footprint_findings{kind="..."}}, its findings by kind. Both are NaN
	 * (not 0, not absent) while the footprint is unknown (not computed yet, no bot token, off, or failed):
	 * an alert on {@code > 0} stays quiet on NaN, and a dashboard shows no value rather than a clean bot;
	 * alert on {@code botkeeper_bot_excess_repositories != botkeeper_bot_excess_repositories} for "unknown".
	 */
	void footprint(Supplier<StatusBoard.Footprint> current) {
		Gauge.builder("botkeeper.bot.excess.repositories", () -> count(current.get(), BotFootprint.Kind.EXCESS))
			.description("Repositories the bot can push to that no binding needs; NaN while unknown")
			.register(registry);
		for (BotFootprint.Kind kind : BotFootprint.Kind.values()) {
			Gauge.builder("botkeeper.bot.footprint.findings", () -> count(current.get(), kind))
				.description("The bot's footprint findings by kind; NaN while unknown")
				.tag("kind", kind.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	/**
	 * The last full run's check against {@code botkeeper.config}: {@code botkeeper_config_missing} (declared,
	 * no token), {@code botkeeper_config_differing} (bound elsewhere, held back) and
	 * {@code botkeeper_config_undeclared} (synced, not declared); NaN before the first full run.
	 */
	void declared(Supplier<java.util.Optional<StatusBoard.Declared>> current) {
		Gauge.builder("botkeeper.config.missing", () -> size(current.get(), BindingsCheck::missingCount))
			.description("Bindings and organisation secrets the bindings file declares that have no token in Vault")
			.register(registry);
		Gauge.builder("botkeeper.config.differing", () -> size(current.get(), BindingsCheck::differingCount))
			.description("Tokens bound elsewhere (or given to other repositories) than the bindings file declares: not synced until corrected")
			.register(registry);
		Gauge.builder("botkeeper.config.undeclared", () -> size(current.get(), BindingsCheck::undeclaredCount))
			.description("Tokens in Vault the bindings file does not declare (synced)")
			.register(registry);
	}

	private static double size(java.util.Optional<StatusBoard.Declared> declared,
			java.util.function.ToIntFunction<BindingsCheck> list) {
		return declared.map(d -> (double) list.applyAsInt(d.check())).orElse(Double.NaN);
	}

	private static double count(StatusBoard.Footprint footprint, BotFootprint.Kind kind) {
		return footprint instanceof StatusBoard.Footprint.Computed computed ? computed.count(kind) : Double.NaN;
	}

	void run(String outcome) {
		registry.counter("botkeeper.sync.runs", "outcome", outcome).increment();
	}

	void item(ItemResult result) {
		registry.counter("botkeeper.sync.items", "status", result.status().name().toLowerCase(java.util.Locale.ROOT),
				"action", result.item().action().name().toLowerCase(java.util.Locale.ROOT))
			.increment();
	}

	/** One organisation secret's item of an applied run, as {@link #item} counts a binding's. */
	void organisationItem(OrgSecretSync.Result result) {
		registry.counter("botkeeper.sync.organisation.items", "status", result.status().name().toLowerCase(Locale.ROOT),
				"action", result.item().action().name().toLowerCase(Locale.ROOT))
			.increment();
	}

	/**
	 * The organisation secrets' states after a full run, every state (0 included), as {@link #status} shows
	 * the bindings'.
	 */
	void organisationSecrets(List<OrgSecretStatus> statuses) {
		organisationSecrets.register(java.util.Arrays.stream(BindingStatus.State.values())
			.<MultiGauge.Row<?>>map(state -> MultiGauge.Row.of(Tags.of("state", state.name().toLowerCase(Locale.ROOT)),
					statuses.stream().filter(status -> status.state() == state).count()))
			.toList(), true);
	}

	@Override
	public void answered(String method, int status) {
		registry.counter("botkeeper.github.requests", "method", method, "status", String.valueOf(status)).increment();
	}

	@Override
	public void rateLimitWait(boolean primary, Duration wait) {
		registry.timer("botkeeper.github.ratelimit.waits", "limit", primary ? "primary" : "secondary").record(wait);
	}

	/** The gauges of the latest status report: bindings by state (every state, 0 included) and days to expiry. */
	void status(StatusReport report) {
		bindings.register(java.util.Arrays.stream(BindingStatus.State.values())
			.<MultiGauge.Row<?>>map(state -> MultiGauge.Row.of(Tags.of("state", state.name().toLowerCase(java.util.Locale.ROOT)),
					report.count(state)))
			.toList(), true);
		List<MultiGauge.Row<?>> rows = report.bindings()
			.stream()
			.filter(status -> status.daysToExpiry().isPresent())
			.<MultiGauge.Row<?>>map(status -> MultiGauge.Row.of(Tags.of("binding", status.binding().toString()),
					status.daysToExpiry().get()))
			.toList();
		daysToExpiry.register(rows, true);
	}

}
