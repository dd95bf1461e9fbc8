package org.botkeeper.vault;

import java.util.List;
import java.util.Map;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultResponse;

/**
 * A file audit device, so that Vault logs who read the bot's password, got a 2FA code or read a token
 * ({@code botkeeper audit} reads that log). HashiCorp Vault enables one through its API ({@code PUT
 * sys/audit/botkeeper}); OpenBao refuses that and takes audit devices only from its configuration file
 * ("declarative" devices), so there this step checks that a file device with the path is declared and
 * otherwise stops, printing the {@code audit} stanza to add. Either way a device that already writes to
 * the path, under any name, is enough.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/audit">Vault: /sys/audit</a>
 * @see <a href="https://openbao.org/docs/configuration/audit">OpenBao: declarative audit devices</a>
 */
public final class AuditDeviceSetup {

	/** The device's name (its path under sys/audit/). */
	public static final String NAME = "botkeeper";

	private final VaultConnection connection;

	private final String filePath;

	/** @param filePath where the server writes the log, on the server's file system (checked by the caller) */
	public AuditDeviceSetup(VaultConnection connection, String filePath) {
		this.connection = connection;
		this.filePath = filePath;
	}

	/** The configuration stanza that declares this device on OpenBao. */
	public String stanza() {
		return "audit \"file\" \"" + NAME + "\" {\n  options {\n    file_path = \"" + filePath + "\"\n  }\n}";
	}

	/** The step, found by reading only; on OpenBao without the device declared, the refusal with the stanza. */
	InitStep.Planned plan() {
		String target = "audit device " + NAME + "/";
		VaultResponse response = connection.calls().run(access("read", "sys/audit"),
				() -> connection.template().read("sys/audit"));
		Map<String, Object> devices = response == null || response.getData() == null ? Map.of() : response.getData();
		for (Map.Entry<String, Object> device : devices.entrySet()) {
			if (device.getValue() instanceof Map<?, ?> fields && "file".equals(fields.get("type"))
					&& fields.get("options") instanceof Map<?, ?> options && filePath.equals(options.get("file_path"))) {
				return InitStep.Planned.unchanged(new InitStep("audit device " + device.getKey(), Action.UNCHANGED,
						"file " + filePath));
			}
		}
		if (openBao()) {
			throw new VaultException("OpenBao enables audit devices only from its configuration file, and it declares "
					+ "no file device writing to '" + filePath + "'. Add this to the server's configuration, then restart "
					+ "the server or send it SIGHUP, and run vault init again (nothing was changed):\n" + stanza());
		}
		if (devices.containsKey(NAME + "/")) {
			throw new VaultException("Vault has an audit device at '" + NAME + "/' that does not write to '" + filePath
					+ "'. vault init does not replace it (the log it writes would end there). Give --audit-file its path "
					+ "(vault audit list -detailed), or disable it first. Nothing was changed.");
		}
		return new InitStep.Planned(new InitStep(target, Action.CREATE, "file " + filePath),
				() -> connection.calls().run(access("write", "sys/audit/" + NAME),
						() -> connection.template().write("sys/audit/" + NAME,
								Map.of("type", "file", "options", Map.of("file_path", filePath)))));
	}

	/**
	 * OpenBao forked from Vault 1.14 and numbers its releases from 2.0; HashiCorp Vault is still on 1.x
	 * (sys/health reports the version to anyone).
	 */
	private boolean openBao() {
		String version = connection.calls().run(access("read", "sys/health"),
				() -> connection.template().opsForSys().health().getVersion());
		return version != null && !version.startsWith("1.");
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", "a root token (or sudo on sys/audit and sys/audit/*)", false);
	}

	/** The file paths botkeeper may put in a stanza: absolute, and nothing HCL would read as the string's end. */
	public static boolean validPath(String path) {
		return path.startsWith("/") && List.of("\"", "\\", "\n", "\r", "${", "%{").stream().noneMatch(path::contains);
	}

}
