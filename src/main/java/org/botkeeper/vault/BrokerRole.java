package org.botkeeper.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;

/**
 * The broker's AppRole role as {@code vault init} writes it: tokens that live an hour and are renewed
 * while the broker works (a stolen one expires soon), secret ids that expire ({@code secret_id_ttl},
 * 30 days unless told otherwise), and optionally the networks a secret id may log in from
 * ({@code secret_id_bound_cidrs}) and its tokens may be used from ({@code token_bound_cidrs}).
 *
 * @param secretIdTtl how long a secret id of the role lives
 * @param secretIdBoundCidrs networks allowed to log in with a secret id; null keeps what the role has,
 *     empty allows any
 * @param tokenBoundCidrs networks allowed to use the role's tokens; null keeps what the role has, empty
 *     allows any
 * @see <a href="https://openbao.org/api-docs/auth/approle/#create-update-approle">Create/Update AppRole</a>
 */
public record BrokerRole(Duration secretIdTtl, List<String> secretIdBoundCidrs, List<String> tokenBoundCidrs) {

	public static final Duration DEFAULT_SECRET_ID_TTL = Duration.ofDays(30);

	private static final Duration MIN_SECRET_ID_TTL = Duration.ofMinutes(1);

	private static final Duration MAX_SECRET_ID_TTL = Duration.ofDays(365);

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private static final int TOKEN_TTL = 3600;

	private static final int TOKEN_MAX_TTL = 14400;

	public BrokerRole {
		if (secretIdTtl.compareTo(MIN_SECRET_ID_TTL) < 0 || secretIdTtl.compareTo(MAX_SECRET_ID_TTL) > 0) {
			throw UserFacingException.badInput("--secret-id-ttl must be between 1m and 365d, got " + format(secretIdTtl)
					+ ": a secret id that never expires stays a way in for good.");
		}
		secretIdBoundCidrs = secretIdBoundCidrs == null ? null : List.copyOf(secretIdBoundCidrs);
		tokenBoundCidrs = tokenBoundCidrs == null ? null : List.copyOf(tokenBoundCidrs);
	}

	public static BrokerRole defaults() {
		return new BrokerRole(DEFAULT_SECRET_ID_TTL, null, null);
	}

	/**
	 * Parses a comma-separated list of CIDR blocks or addresses given as {@code option}; null when not
	 * given (keep), empty for "" (any address).
	 */
	public static List<String> cidrs(String text, String option) {
		if (text == null) {
			return null;
		}
		List<String> blocks = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			String block = part.strip();
			if (block.isEmpty()) {
				continue;
			}
			if (!validCidr(block)) {
				throw UserFacingException.badInput("Invalid " + option + " entry '" + Printable.of(block, 60)
						+ "': use CIDR blocks such as 10.1.2.0/24 or 2001:db8::/32, separated by commas ('' for any).");
			}
			blocks.add(block);
		}
		return blocks;
	}

	private static boolean validCidr(String block) {
		int slash = block.indexOf('/');
		String address = slash < 0 ? block : block.substring(0, slash);
		int maxPrefix;
		var ipv4 = IPV4.matcher(address);
		if (ipv4.matches()) {
			for (int group = 1; group <= 4; group++) {
				if (Integer.parseInt(ipv4.group(group)) > 255) {
					return false;
				}
			}
			maxPrefix = 32;
		}
		else if (IPV6.matcher(address).matches()) {
			try {
				// Hex digits and colons only: parsed as a literal, never looked up.
				if (!(java.net.InetAddress.getByName(address) instanceof java.net.Inet6Address)) {
					return false;
				}
			}
			catch (java.net.UnknownHostException ex) {
				return false;
			}
			maxPrefix = 128;
		}
		else {
			return false;
		}
		if (slash < 0) {
			return true;
		}
		String prefix = block.substring(slash + 1);
		return prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= maxPrefix;
	}

	/**
	 * What to write to {@code auth/approle/role/NAME}; CIDR lists only when given.
	 *
	 * @param policy the broker policy of these mounts ({@link VaultLayout#policyName})
	 */
	Map<String, Object> body(String policy) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token_policies", List.of(policy));
		body.put("token_ttl", TOKEN_TTL);
		body.put("token_max_ttl", TOKEN_MAX_TTL);
		body.put("secret_id_ttl", secretIdTtl.toSeconds());
		if (secretIdBoundCidrs != null) {
			body.put("secret_id_bound_cidrs", secretIdBoundCidrs);
		}
		if (tokenBoundCidrs != null) {
			body.put("token_bound_cidrs", tokenBoundCidrs);
		}
		return body;
	}

	/** The settings that differ from {@code current} (Vault's view of the role), as "name old -> new". */
	List<String> changes(Map<String, Object> current, String policy) {
		List<String> changes = new ArrayList<>();
		if (!(current.get("token_policies") instanceof Collection<?> policies && policies.size() == 1
				&& policies.contains(policy))) {
			changes.add("token_policies " + current.get("token_policies") + " -> [" + policy + "]");
		}
		compareSeconds(changes, "token_ttl", current.get("token_ttl"), TOKEN_TTL);
		compareSeconds(changes, "token_max_ttl", current.get("token_max_ttl"), TOKEN_MAX_TTL);
		compareSeconds(changes, "secret_id_ttl", current.get("secret_id_ttl"), secretIdTtl.toSeconds());
		compareCidrs(changes, "secret_id_bound_cidrs", current.get("secret_id_bound_cidrs"), secretIdBoundCidrs);
		compareCidrs(changes, "token_bound_cidrs", current.get("token_bound_cidrs"), tokenBoundCidrs);
		return changes;
	}

	/** The role as it will be, for {@code vault init} (and its --plan) to show. */
	String describe(Map<String, Object> current, String policy) {
		List<String> secretIdCidrs = secretIdBoundCidrs != null ? secretIdBoundCidrs
				: current == null ? List.of() : strings(current.get("secret_id_bound_cidrs"));
		List<String> tokenCidrs = tokenBoundCidrs != null ? tokenBoundCidrs
				: current == null ? List.of() : strings(current.get("token_bound_cidrs"));
		return "token_policies=" + policy + ", token_ttl=1h, secret_id_ttl=" + format(secretIdTtl)
				+ ", secret_id_bound_cidrs=" + cidrText(secretIdCidrs) + ", token_bound_cidrs=" + cidrText(tokenCidrs);
	}

	private static void compareSeconds(List<String> changes, String name, Object current, long wanted) {
		long seconds = current == null ? 0 : Long.parseLong(current.toString());
		if (seconds != wanted) {
			changes.add(name + " " + format(Duration.ofSeconds(seconds)) + " -> " + format(Duration.ofSeconds(wanted)));
		}
	}

	private static void compareCidrs(List<String> changes, String name, Object current, List<String> wanted) {
		if (wanted == null) {
			return;
		}
		List<String> have = strings(current);
		if (!normalized(have).equals(normalized(wanted))) {
			changes.add(name + " " + cidrText(have) + " -> " + cidrText(wanted));
		}
	}

	/** Vault may show a single address without its /32 (or /128): compare them as equal. */
	private static List<String> normalized(List<String> blocks) {
		return blocks.stream()
			.map(block -> block.toLowerCase(Locale.ROOT).replaceFirst(block.contains(":") ? "/128$" : "/32$", ""))
			.sorted()
			.toList();
	}

	private static List<String> strings(Object value) {
		if (value instanceof Collection<?> values) {
			return values.stream().map(Objects::toString).toList();
		}
		return value == null || value.toString().isBlank() ? List.of() : List.of(value.toString().split(","));
	}

	private static String cidrText(List<String> blocks) {
		return blocks.isEmpty() ? "any" : String.join(",", blocks);
	}

	/** 30d, 12h, 90m, 45s; "never" for zero (Vault's "no expiry"). */
	static String format(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds == 0) {
			return "never";
		}
		if (seconds % 86400 == 0) {
			return seconds / 86400 + "d";
		}
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		if (seconds % 60 == 0) {
			return seconds / 60 + "m";
		}
		return seconds + "s";
	}

}
