package org.botkeeper.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.botkeeper.config.BotkeeperProperties;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.service.web.StatusApi;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.service.web.StatusPage;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * {@code botkeeper serve}: the scheduled broker with its status page, JSON API, health and metrics.
 * Only this command starts Spring; the other commands stay plain and quick to start.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(BotkeeperProperties.class)
@Import({ StatusApi.class, StatusPage.class })
public class ServeApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	StatusBoard statusBoard() {
		return new StatusBoard();
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
	VaultConnection vaultConnection(BotkeeperProperties properties, ThreadPoolTaskScheduler vaultSessionScheduler) {
		Map<String, String> env = new java.util.HashMap<>(System.getenv());
		BotkeeperProperties.Vault vault = properties.vault();
		if (vault.address() != null) {
			env.remove("VAULT_ADDR");
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

	@Bean
	BrokerAssembly brokerAssembly(VaultConnection vault, BotkeeperProperties properties, Clock clock,
			SyncMetrics metrics) {
		VaultLayout layout = new VaultLayout(properties.kvMount(), properties.totpMount());
		TokenDefaults defaults = new TokenDefaults(new org.botkeeper.sync.EnvironmentName(properties.environment()),
				new org.botkeeper.sync.SecretName(properties.secretName()));
		GitHubLimits limits = GitHubLimits.defaults().withMutationGap(properties.github().writeGap());
		return new BrokerAssembly(vault, layout, defaults, new GitHubApi(properties.github().apiUrl()), limits, clock,
				metrics);
	}

	@Bean
	SyncCycle syncCycle(BrokerAssembly assembly, BotkeeperProperties properties, StatusBoard board, SyncMetrics metrics,
			Clock clock) {
		return new SyncCycle(() -> assembly.engine(assembly.github()), assembly.lease(properties.leaseTtl()),
				LeaseHolder.current("serve"), board, metrics, clock);
	}

	@Bean
	SyncScheduler syncScheduler(SyncCycle cycle, StatusBoard board, BotkeeperProperties properties, Clock clock) {
		return new SyncScheduler(cycle::run, cycle::stop, board, properties.schedule().interval(),
				properties.schedule().maxBackoff(), clock);
	}

	@Bean
	SyncHealthIndicator syncHealthIndicator(StatusBoard board) {
		return new SyncHealthIndicator(board);
	}

	@Bean
	VaultHealthIndicator vaultHealthIndicator(VaultConnection vault) {
		return new VaultHealthIndicator(vault);
	}

}
