package org.botkeeper.serve;

import org.botkeeper.vault.VaultConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.vault.support.VaultHealth;

/**
 * Vault as the broker sees it, asked on every health check ({@code sys/health} needs no token): DOWN
 * when sealed, uninitialised or unreachable, so an operator sees the cause before the next run fails.
 */
public final class VaultHealthIndicator implements HealthIndicator {

	private final VaultConnection vault;

	public VaultHealthIndicator(VaultConnection vault) {
		this.vault = vault;
	}

	@Override
	public Health health() {
		try {
			VaultHealth health = vault.template().opsForSys().health();
			if (!health.isInitialized()) {
				return Health.down().withDetail("reason", "Vault is not initialised").build();
			}
			if (health.isSealed()) {
				return Health.down().withDetail("reason", "Vault is sealed: ask an operator to unseal it").build();
			}
			return Health.up().withDetail("version", String.valueOf(health.getVersion())).build();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetail("reason", "Vault does not answer sys/health (" + ex.getClass().getSimpleName()
					+ ")").build();
		}
	}

}
