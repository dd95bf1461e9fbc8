package org.botkeeper.devvault;

import java.net.URI;

/** A person's own server, named by {@code VAULT_ADDR} and {@code VAULT_TOKEN}. Never stopped by us. */
final class EnvironmentRoute implements DevVaultRoute {

	@Override
	public String name() {
		return "VAULT_ADDR + VAULT_TOKEN from the environment";
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		String addr = context.env().get("VAULT_ADDR");
		String token = context.env().get("VAULT_TOKEN");
		if (addr == null || addr.isBlank() || token == null || token.isBlank()) {
			throw new RouteUnavailableException("VAULT_ADDR and VAULT_TOKEN are not both set");
		}
		URI address = URI.create(addr);
		String version = new HealthProbe().version(address)
			.orElseThrow(() -> new RouteUnavailableException(
					addr + " does not answer sys/health as an initialised, unsealed server"));
		return DevVault.external(name(), version, address, token);
	}

}
