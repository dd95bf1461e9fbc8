package org.botkeeper.testsupport;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultRoute;
import org.botkeeper.devvault.RouteUnavailableException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

/**
 * A dev Vault in a container, where a Docker engine answers. Test-only: Testcontainers is a test
 * dependency. (No Docker engine runs on the machines this project is developed on, so this route is
 * exercised only by people who have one.)
 */
final class TestcontainersVaultRoute implements DevVaultRoute {

	static final String IMAGE = "hashicorp/vault:1.20";

	@Override
	public String name() {
		return "Testcontainers (" + IMAGE + ")";
	}

	@Override
	public Optional<DevVault.Engine> engine() {
		return Optional.of(DevVault.Engine.VAULT);
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		boolean docker;
		try {
			docker = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			docker = false;
		}
		if (!docker) {
			throw new RouteUnavailableException("no Docker engine answers");
		}
		String token = UUID.randomUUID().toString();
		VaultContainer<?> container = new VaultContainer<>(IMAGE).withVaultToken(token);
		container.start();
		URI address = URI.create(container.getHttpHostAddress());
		String version = IMAGE.substring(IMAGE.indexOf(':') + 1);
		return DevVault.started(name(), version, address, token, container::stop, null);
	}

}
