package org.botkeeper.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.botkeeper.serve.BotkeeperProperties;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultSettings;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;

/**
 * {@code botkeeper serve}: the scheduled broker with its status page, JSON API, health and metrics.
 * Only this command starts Spring; the other commands stay plain and quick to start.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(BotkeeperProperties.class)
// The web layer is found by scanning rather than imported, so that it depends on serve and not back.
@ComponentScan("org.botkeeper.serve.web")
public class ServeApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	StatusBoard statusBoard(BrokerAssembly assembly) {
		return new StatusBoard(assembly::githubCircuit);
	}

	@Bean
	SyncMetrics syncMetrics(MeterRegistry registry) {
		return new SyncMetrics(registry);
	}

	@Bean(destroyMethod = "shutdown")
	ThreadPoolTaskScheduler vaultSessionScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("vault-session-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	@Bean
	VaultConnection vaultConnection(BotkeeperProperties properties, ThreadPoolTaskScheduler vaultSessionScheduler,
			Environment environment) {
		Map<String, String> env = new java.util.HashMap<>(variables(environment));
		BotkeeperProperties.Vault vault = properties.vault();
		if (vault.address() != null) {
			env.remove("VAULT_ADDR");
		}
		if (vault.kubernetes()) {
			return VaultConnection.openKubernetes(at(VaultSettings.forLogin(env), vault), vault.kubernetesPath(),
					vault.kubernetesRole(), () -> CredentialFiles.readServiceAccountToken(vault.kubernetesTokenFile(),
							"botkeeper.vault.kubernetes-token-file"), vaultSessionScheduler);
		}
		if (!vault.appRole()) {
			return VaultConnection.open(at(VaultSettings.fromEnvironment(env), vault));
		}
		String roleId = vault.roleId() != null ? vault.roleId() : CredentialFiles.read(vault.roleIdFile(),
				"botkeeper.vault.role-id-file").reveal();
		SecretValue secretId = CredentialFiles.read(vault.secretIdFile(), "botkeeper.vault.secret-id-file");
		return VaultConnection.openAppRole(at(VaultSettings.forLogin(env), vault), vault.approlePath(), vault.roleName(),
				roleId.strip(), secretId, vault.secretIdWrapped(), vaultSessionScheduler);
	}

	/** botkeeper.vault.address in place of VAULT_ADDR when it is set, named as such in a refusal. */
	private static VaultSettings at(VaultSettings settings, BotkeeperProperties.Vault vault) {
		return vault.address() == null ? settings
				: settings.withAddress(vault.address().toString(), "botkeeper.vault.address");
	}

	/**
	 * The environment variables serve was started with: Spring's own view of them, so that a test can hand
	 * serve an environment of its own, as it does to the CLI.
	 */
	static Map<String, String> variables(Environment environment) {
		if (environment instanceof ConfigurableEnvironment configurable && configurable.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) instanceof MapPropertySource source) {
			Map<String, String> variables = new java.util.HashMap<>();
			source.getSource().forEach((name, value) -> variables.put(name, String.valueOf(value)));
			return variables;
		}
		return System.getenv();
	}

	/**
	 * What sync and status read too, read by the same code: GITHUB_API_URL, BOTKEEPER_WRITE_GAP, the mounts
	 * and the defaults of a new binding, each of which a --botkeeper... argument may give instead.
	 */
	@Bean
	BrokerSettings brokerSettings(Environment environment) {
		return BrokerSettings.fromEnvironment(BrokerSettings.withProperties(variables(environment), environment::getProperty));
	}

	@Bean
	BrokerAssembly brokerAssembly(VaultConnection vault, BrokerSettings settings, Clock clock, SyncMetrics metrics) {
		BrokerAssembly assembly = new BrokerAssembly(vault, settings, clock, metrics);
		metrics.githubCircuit(assembly::githubCircuit);
		return assembly;
	}

	/** botkeeper.footprint.interval (BOTKEEPER_FOOTPRINT_INTERVAL), read by BrokerSettings like the settings above. */
	@Bean
	FootprintSchedule footprintSchedule(BrokerAssembly assembly, StatusBoard board, SyncMetrics metrics,
			Environment environment, Clock clock) {
		metrics.footprint(board::footprint);
		return new FootprintSchedule(assembly::footprint, board, BrokerSettings.footprintInterval(
				BrokerSettings.withProperties(variables(environment), environment::getProperty)), clock);
	}

	/** botkeeper.access.interval (BOTKEEPER_ACCESS_INTERVAL), read by BrokerSettings like the footprint's. */
	@Bean
	AccessSchedule accessSchedule(BrokerAssembly assembly, StatusBoard board, Environment environment, Clock clock) {
		return new AccessSchedule(assembly, board, BrokerSettings.accessInterval(
				BrokerSettings.withProperties(variables(environment), environment::getProperty)), clock);
	}

	/** botkeeper.audit.file (BOTKEEPER_AUDIT_FILE): Vault's audit log, followed for alerts; unset: nothing is. */
	@Bean
	AuditFollower auditFollower(BrokerAssembly assembly, StatusBoard board, Environment environment,
			MeterRegistry registry, Clock clock) {
		return new AuditFollower(BrokerSettings.auditFile(
				BrokerSettings.withProperties(variables(environment), environment::getProperty)),
				new org.botkeeper.vault.AuditTrail(assembly.settings().layout()), registry, board, clock);
	}

	@Bean
	ServeStartupLine serveStartupLine(BrokerAssembly assembly, BotkeeperProperties properties) {
		return new ServeStartupLine(assembly, properties);
	}

	/** With botkeeper.config (BOTKEEPER_CONFIG), the file is read here first: an invalid one stops start-up. */
	@Bean
	SyncCycle syncCycle(BrokerAssembly assembly, BotkeeperProperties properties, BrokerSettings settings,
			StatusBoard board, SyncMetrics metrics, Clock clock) {
		java.util.Optional<DeclaredBindings> declared = java.util.Optional.ofNullable(properties.config())
			.map(path -> new DeclaredBindings(path, settings.defaults().environment(), settings.defaults().secretName(),
					settings.layout().account()));
		declared.ifPresent(file -> metrics.declared(board::declared));
		return new SyncCycle(() -> assembly.engine(assembly.github()), assembly.lease(properties.leaseTtl()),
				LeaseHolder.current("serve"), board, metrics, clock, assembly::writerRejected, declared,
				new SyncCycle.Organisations(() -> assembly.orgSecrets(assembly.github()), assembly::orgSecretStatuses));
	}

	@Bean
	ChangeWatch changeWatch(BrokerAssembly assembly, SyncCycle cycle) {
		return new ChangeWatch(assembly.changeMarkers(), assembly::writerVersion, cycle::run);
	}

	@Bean
	SyncScheduler syncScheduler(SyncCycle cycle, ChangeWatch watch, StatusBoard board, BotkeeperProperties properties,
			Clock clock) {
		BotkeeperProperties.Schedule schedule = properties.schedule();
		if (schedule.changePoll().isZero()) {
			return new SyncScheduler(cycle::run, cycle::stop, board, schedule.interval(), schedule.maxBackoff(), clock);
		}
		return new SyncScheduler(watch.beforeEachFullCycle(cycle::run), cycle::stop, watch::poll, schedule.changePoll(),
				board, schedule.interval(), schedule.maxBackoff(), clock);
	}

	/**
	 * Token check and expiry reminders, each on its own schedule; the reminders only with a reminder
	 * repository ({@code BOTKEEPER_REMINDER_REPOSITORY} or {@code botkeeper.reminders.repository}).
	 */
	@Bean
	DailyTasks dailyTasks(BrokerAssembly assembly, BotkeeperProperties properties, Environment environment) {
		BrokerSettings.Reminders reminders = BrokerSettings
			.reminders(BrokerSettings.withProperties(variables(environment), environment::getProperty));
		BotkeeperProperties.Schedule schedule = properties.schedule();
		java.time.Duration remindEvery = reminders.repository().isPresent() ? schedule.reminders() : java.time.Duration.ZERO;
		java.time.Duration checkEvery = schedule.tokenCheck() != null ? schedule.tokenCheck() : remindEvery;
		java.util.List<DailyTasks.Task> tasks = new java.util.ArrayList<>();
		tasks.add(DailyTasks.tokenCheck(assembly, checkEvery));
		reminders.repository()
			.ifPresent(where -> tasks.add(DailyTasks.reminders(assembly, where, reminders.days(), remindEvery)));
		return new DailyTasks(tasks);
	}

	@Bean
	SyncHealthIndicator syncHealthIndicator(StatusBoard board, BotkeeperProperties properties) {
		return new SyncHealthIndicator(board, switch (properties.health().failingBindings()) {
			case DEGRADED -> SyncHealthIndicator.DEGRADED;
			case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
			case DOWN -> Status.DOWN;
		});
	}

	/**
	 * Spring Boot's order with DEGRADED between OUT_OF_SERVICE and UP: its own aggregator leaves out every
	 * status it does not know, which would report a blocked binding as UP.
	 */
	@Bean
	StatusAggregator healthStatusAggregator() {
		return new SimpleStatusAggregator(Status.DOWN, Status.OUT_OF_SERVICE, SyncHealthIndicator.DEGRADED, Status.UP,
				Status.UNKNOWN);
	}

	@Bean
	VaultHealthIndicator vaultHealthIndicator(VaultConnection vault) {
		return new VaultHealthIndicator(vault);
	}

}
