package org.botkeeper.vault;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import org.springframework.vault.client.VaultResponses;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

/**
 * The one place where a failed Vault call becomes a typed {@link VaultException} with a message for a
 * person (what failed, where, why, what to check): sealed or unreachable ({@link VaultUnavailableException}),
 * TLS, invalid or expired token ({@link VaultTokenException}), 403 with the policy to check
 * ({@link VaultPermissionException}), missing mount. Never a value, never a raw body of a secret endpoint.
 */
public final class VaultCalls {

	/** Tries of a read or list answered with a passing server error; Vault's Go client makes 3 too. */
	static final int READ_ATTEMPTS = 3;

	private static final java.time.Duration RETRY_PAUSE = java.time.Duration.ofMillis(500);

	private final VaultTemplate template;

	private final URI address;

	private final String namespace;

	VaultCalls(VaultTemplate template, URI address, String namespace) {
		this.template = template;
		this.address = address;
		this.namespace = namespace;
	}

	/**
	 * Runs {@code call}; a failure becomes a {@link VaultException} that says what to do. A read or list
	 * that Vault answers with a passing server error (500, 502, 503 or 504, not sealed) is tried again
	 * twice after a short pause, as Vault's own client does: a standby answers 500 for the second or two
	 * in which it does not yet know the newly elected active node. Writes are never repeated here.
	 */
	public <T> T run(VaultAccess access, Supplier<T> call) {
		for (int attempt = 1;; attempt++) {
			try {
				return call.get();
			}
			catch (VaultException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				if (attempt >= READ_ATTEMPTS || !access.repeatable() || !passing(ex)) {
					throw translate(access, ex);
				}
				pause(attempt);
			}
		}
	}

	/** A server error that a moment may clear: an election, a restarting standby, a gateway; not a sealed Vault. */
	private static boolean passing(RuntimeException ex) {
		int status = status(ex);
		boolean serverError = status == 500 || status == 502 || status == 503 || status == 504;
		return serverError && !serverError(ex).toLowerCase(Locale.ROOT).contains("sealed");
	}

	/**
	 * True when a failed call (as thrown, translated, or wrapped by the sync engine) met a Vault that may
	 * answer in a moment: no connection (refused or reset: a node restarting) or a passing server error (a
	 * raft election); never a sealed Vault, a TLS failure or an unknown host, which need a person.
	 */
	public static boolean outage(Throwable ex) {
		if (find(ex, VaultSealedException.class) != null || find(ex, SSLException.class) != null
				|| find(ex, UnknownHostException.class) != null) {
			return false;
		}
		HttpStatusCodeException http = find(ex, HttpStatusCodeException.class);
		if (http != null) {
			return passing(http);
		}
		return find(ex, ResourceAccessException.class) != null || find(ex, ConnectException.class) != null
				|| find(ex, java.io.IOException.class) != null;
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(RETRY_PAUSE.multipliedBy(attempt));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new VaultUnavailableException("Interrupted while waiting to ask Vault again.", 0, ex);
		}
	}

	/** Like {@link #run} for calls without a result. */
	public void run(VaultAccess access, Runnable call) {
		run(access, () -> {
			call.run();
			return null;
		});
	}

	/** The HTTP status of a failed call, or 0 when the server did not answer. */
	public static int status(Throwable ex) {
		if (ex instanceof VaultException vault) {
			return vault.status();
		}
		HttpStatusCodeException http = find(ex, HttpStatusCodeException.class);
		return http == null ? 0 : http.getStatusCode().value();
	}

	/**
	 * True when Vault answered 404 because the mount or namespace of the path does not exist, as opposed
	 * to a missing record (also 404).
	 */
	public static boolean missingRoute(Throwable ex) {
		String error = serverError(ex);
		return status(ex) == 404 && (error.contains("no handler for route") || error.contains("namespace not found"));
	}

	/**
	 * True when Vault denied one path to a token that otherwise works (403 by policy), as opposed to an
	 * invalid or expired token: a caller may then show "not visible to this token" instead of failing.
	 */
	public static boolean deniedByPolicy(RuntimeException ex) {
		return ex instanceof VaultPermissionException;
	}

	/** Vault's {@code errors} text of a failed call ("" if none); never use it in a message for a secret endpoint. */
	static String serverError(Throwable ex) {
		HttpStatusCodeException http = find(ex, HttpStatusCodeException.class);
		if (http == null) {
			return "";
		}
		String error = VaultResponses.getError(http.getResponseBodyAsString());
		return error == null ? "" : error.replaceAll("\\s+", " ").strip();
	}

	VaultException translate(VaultAccess access, RuntimeException ex) {
		String what = access.describe();
		int status = status(ex);
		String error = serverError(ex);
		String lower = error.toLowerCase(Locale.ROOT);
		if (status == 0) {
			return unreachable(what, ex);
		}
		if (status == 503 && lower.contains("sealed")) {
			return new VaultSealedException(what + ": Vault at " + address + " is sealed. Ask an operator to unseal "
					+ "it (vault operator unseal).", ex);
		}
		if (status == 403) {
			if (!tokenWorks()) {
				return new VaultTokenException(what + ": the Vault token is invalid or expired. Log in again (vault "
						+ "login) or set VAULT_TOKEN.", ex);
			}
			String policy = access.policy().startsWith("botkeeper") ? "policy '" + access.policy() + "'"
					: access.policy();
			java.util.Optional<List<String>> visible = visibleMounts();
			if (!"sys".equals(access.mount()) && visible.isPresent() && !visible.get().contains(access.mount() + "/")) {
				// Vault checks policies before it routes, so a missing mount is a 403 too; the mounts a token
				// may see (sys/internal/ui/mounts, allowed to every token) tell the two apart as far as Vault lets.
				return new VaultPermissionException(what + ": 403 permission denied. Your token sees no mount '" + access.mount()
						+ "' (it sees: " + String.join(", ", visible.get().stream().map(m -> m.substring(0, m.length() - 1))
							.filter(m -> !List.of("cubbyhole", "identity", "sys").contains(m)).toList())
						+ "): Vault has no such mount, or your policies do not reach it.\n  Run 'botkeeper vault init', or "
						+ "name the bot (--account NAME, or BOTKEEPER_ACCOUNT) or the mount you use (--kv-mount / "
						+ "--totp-mount, or BOTKEEPER_KV_MOUNT / BOTKEEPER_TOTP_MOUNT); "
						+ "check that your token has " + policy + " (vault token lookup).", ex);
			}
			return new VaultPermissionException(what + ": 403 permission denied.\n  Check that your token has " + policy
					+ " (vault token lookup) and that the mount exists (botkeeper vault init).", ex);
		}
		if (status == 404 && lower.contains("namespace not found")) {
			return new VaultException(what + ": Vault at " + address + " has no namespace '" + namespace
					+ "' (VAULT_NAMESPACE). Check its spelling, or unset VAULT_NAMESPACE for the root namespace.", status, ex);
		}
		if (status == 404 && lower.contains("no handler for route")) {
			return new VaultException(what + ": Vault has no mount '" + access.mount() + "'. Run 'botkeeper vault "
					+ "init', or name the bot (--account NAME, or BOTKEEPER_ACCOUNT) or the mount you use (--kv-mount / "
					+ "--totp-mount, or BOTKEEPER_KV_MOUNT / BOTKEEPER_TOTP_MOUNT).", status, ex);
		}
		String detail = (access.secretEndpoint() || error.isEmpty()) ? "" : " (" + abbreviate(error) + ")";
		String message = what + ": Vault returned " + status + detail + ".";
		if (status == 502 || status == 503 || status == 504) {
			// A gateway or standby that cannot reach the active node: the whole server is out, not this path.
			return new VaultUnavailableException(message + " Vault at " + address + " cannot serve requests now; "
					+ "try again later.", status, ex);
		}
		return new VaultException(message, status, ex);
	}

	/** The secrets mounts this token may see ("botkeeper/", ...), or empty when Vault does not say. */
	@SuppressWarnings("unchecked")
	private java.util.Optional<List<String>> visibleMounts() {
		try {
			var response = template.read("sys/internal/ui/mounts");
			Object secret = response == null || response.getData() == null ? null : response.getData().get("secret");
			return secret instanceof java.util.Map<?, ?> mounts
					? java.util.Optional.of(mounts.keySet().stream().map(String::valueOf).toList())
					: java.util.Optional.empty();
		}
		catch (RuntimeException ex) {
			return java.util.Optional.empty();
		}
	}

	/** Asks Vault whether our token works at all: lookup-self is allowed by every token's default policy. */
	private boolean tokenWorks() {
		try {
			template.read("auth/token/lookup-self");
			return true;
		}
		catch (RuntimeException ex) {
			return status(ex) != 403;
		}
	}

	private VaultException unreachable(String what, RuntimeException ex) {
		if (find(ex, SSLException.class) != null) {
			return unavailable(what + ": TLS handshake with " + address + " failed. If the server uses a private CA, "
					+ "set VAULT_CACERT (or VAULT_CAPATH) to its certificate.", ex);
		}
		if (find(ex, UnknownHostException.class) != null) {
			return unavailable(what + ": unknown host in VAULT_ADDR " + address + ".", ex);
		}
		if (find(ex, ResourceAccessException.class) != null || find(ex, ConnectException.class) != null
				|| find(ex, HttpConnectTimeoutException.class) != null) {
			return unavailable(what + ": cannot reach Vault at " + address + ". Check VAULT_ADDR and that the server "
					+ "is running.", ex);
		}
		return unavailable(what + ": " + ex.getClass().getSimpleName() + " talking to " + address + ".", ex);
	}

	private static VaultException unavailable(String message, RuntimeException cause) {
		// The cause stays attached for BOTKEEPER_DEBUG; its message is never printed by the error reporter.
		return new VaultUnavailableException(message, 0, cause);
	}

	private static String abbreviate(String text) {
		return text.length() > 200 ? text.substring(0, 200) + "..." : text;
	}

	private static <E extends Throwable> E find(Throwable ex, Class<E> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
