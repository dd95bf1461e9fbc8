package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.botkeeper.devvault.DevVault;

/**
 * A dedicated Vault server of the requested engine whose file audit log a test reads. OpenBao takes
 * audit devices only from its configuration, so it starts with one declared ({@code -config} beside
 * {@code -dev}); HashiCorp Vault starts without, and the test enables it with {@code vault init
 * --audit-file} (which on OpenBao finds the declared one unchanged).
 *
 * @param server the server; the caller closes it
 * @param log where the device writes, under {@code target/NAME}
 * @param engine the engine it runs
 */
public record AuditedVault(DedicatedVault server, Path log, DevVault.Engine engine) {

	public static AuditedVault start(String name) {
		DevVault.Engine engine = VaultServerExtension.requestedEngine().orElse(DevVault.Engine.OPENBAO);
		try {
			Path dir = Path.of(System.getProperty("user.dir"), "target", name).toAbsolutePath();
			Files.createDirectories(dir);
			Path log = dir.resolve("audit-" + engine.name().toLowerCase(Locale.ROOT) + ".log");
			Files.deleteIfExists(log);
			List<String> args = List.of();
			if (engine == DevVault.Engine.OPENBAO) {
				Path config = dir.resolve("audit.hcl");
				Files.writeString(config,
						"audit \"file\" \"botkeeper\" {\n  options {\n    file_path = \"" + log + "\"\n  }\n}\n");
				args = List.of("-config=" + config);
			}
			return new AuditedVault(DedicatedVault.start(name, Optional.of(engine), args), log, engine);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
