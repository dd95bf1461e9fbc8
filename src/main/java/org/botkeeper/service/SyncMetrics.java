package org.botkeeper.service;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.botkeeper.github.GitHubObserver;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.StatusReport;

/**
 * Prometheus metrics of the broker: sync runs and items by outcome, GitHub requests by status,
 * rate-limit waits, and each token's days to expiry. Labels are binding names and outcomes, never values.
 */
public final class SyncMetrics implements GitHubObserver {

	private final MeterRegistry registry;

	private final MultiGauge daysToExpiry;

	public SyncMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.daysToExpiry = MultiGauge.builder("botkeeper.token.days.to.expiry")
			.description("Whole days until each binding's token expires (negative when expired)")
			.register(registry);
	}

	void run(String outcome) {
		registry.counter("botkeeper.sync.runs", "outcome", outcome).increment();
	}

	void item(ItemResult result) {
		registry.counter("botkeeper.sync.items", "status", result.status().name().toLowerCase(java.util.Locale.ROOT),
				"action", result.item().action().name().toLowerCase(java.util.Locale.ROOT))
			.increment();
	}

	@Override
	public void answered(String method, int status) {
		registry.counter("botkeeper.github.requests", "method", method, "status", String.valueOf(status)).increment();
	}

	@Override
	public void rateLimitWait(boolean primary, Duration wait) {
		registry.timer("botkeeper.github.ratelimit.waits", "limit", primary ? "primary" : "secondary").record(wait);
	}

	void expiry(StatusReport report) {
		List<MultiGauge.Row<?>> rows = report.bindings()
			.stream()
			.filter(status -> status.daysToExpiry().isPresent())
			.<MultiGauge.Row<?>>map(status -> MultiGauge.Row.of(Tags.of("binding", status.binding().toString()),
					status.daysToExpiry().get()))
			.toList();
		daysToExpiry.register(rows, true);
	}

}
