package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultMount;

/**
 * The real server of this run and what tests do with it: a root client for setting up, policies
 * loaded from {@code vault-policies/}, and tokens bound to them (tests act with those, never root).
 * Stopping the server when the run ends is the extension store's job.
 */
public final class VaultFixture implements AutoCloseable {

	private final DevVault server;
	private final Path projectDir;
	private final VaultTemplate root;

	VaultFixture(DevVault server, Path projectDir) {
		this.server = server;
		this.projectDir = projectDir;
		this.root = template(server.rootToken());
	}

	public DevVault server() {
		return server;
	}

	/** For setting up only: mounts, policies, tokens. Assertions act with policy-bound tokens. */
	public VaultTemplate root() {
		return root;
	}

	public VaultTemplate template(String token) {
		VaultEndpoint endpoint = VaultEndpoint.from(server.address());
		return new VaultTemplate(endpoint, new TokenAuthentication(token));
	}

	/** Raw HTTP against the server, to see status codes exactly as a client would. */
	public VaultHttp http(String token) {
		return new VaultHttp(server.address(), token);
	}

	/** Mounts a KV version 2 engine at {@code path} unless something is mounted there already. */
	public void ensureKv2(String path) {
		if (!root.opsForSys().getMounts().containsKey(path + "/")) {
			root.opsForSys().mount(path, VaultMount.builder().type("kv").options(Map.of("version", "2")).build());
		}
	}

	/** Mounts the TOTP engine at {@code path} unless something is mounted there already. */
	public void ensureTotp(String path) {
		if (!root.opsForSys().getMounts().containsKey(path + "/")) {
			root.opsForSys().mount(path, VaultMount.create("totp"));
		}
	}

	/** Writes {@code vault-policies/NAME.hcl} to the server under NAME. */
	public void writePolicy(String name) {
		root.write("sys/policies/acl/" + name, Map.of("policy", policyText(name)));
	}

	public String policyText(String name) {
		try {
			return Files.readString(projectDir.resolve("vault-policies").resolve(name + ".hcl"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A fresh token bound to these policies plus Vault's {@code default} policy (as every real login
	 * gets: it allows looking up one's own token and {@code sys/capabilities-self}), never root.
	 */
	public String tokenWithPolicies(String... policies) {
		var response = root.write("auth/token/create", Map.of("policies", List.of(policies), "ttl", "1h"));
		// A Vault token is a secret like any other: the leak sweep looks for every one a test makes.
		return LeakCanaries.plant(response.getAuth().get("client_token").toString());
	}

	/**
	 * A raw call as root, response-wrapped for {@code wrapTtl} when given; returns the body, and throws
	 * {@link IllegalStateException} on an answer of 300 or more.
	 */
	public String rootCall(String method, String path, String json, String wrapTtl) {
		VaultHttp.Response response = http(server.rootToken())
			.send(method, path, json, wrapTtl == null ? Map.of() : Map.of("X-Vault-Wrap-TTL", wrapTtl));
		if (response.status() >= 300) {
			throw new IllegalStateException(method + " " + path + " answered " + response.status());
		}
		return response.body();
	}

	/** True while Vault still knows wrapping token {@code wrapped}, i.e. nobody has unwrapped it. */
	public boolean stillWrapped(String wrapped) {
		try {
			rootCall("POST", "sys/wrapping/lookup", "{\"token\":\"" + wrapped + "\"}", null);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		server.close();
	}

}
