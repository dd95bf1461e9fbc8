package org.botkeeper.vault;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Who gets each ACL policy, as far as Vault can say: the roles, users, certificates and maps of every
 * enabled auth method of a known type, token roles, identity groups (with their member entities) and
 * identity entities with policies of their own (with the logins that reach them). An auth method of a
 * type not known here is named as not inspected, never silently skipped. Tokens created directly with
 * a policy cannot be enumerated by anyone.
 *
 * @see <a href="https://openbao.org/api-docs/system/auth/">sys/auth</a>
 * @see <a href="https://openbao.org/api-docs/secret/identity/entity/">identity entities</a>
 */
public final class PolicyHolders {

	/**
	 * One role, user, certificate, map, entity or group that gets a policy.
	 *
	 * @param label how a person reads it: "userpass user userpass/alice", "identity group admins (members: bob)"
	 * @param kind what it is: "userpass user", "approle role", "identity entity", "identity group", ...
	 * @param name its name where it lives
	 * @param method where it lives: the auth method as "PATH/ (TYPE)", or "identity" for entities and groups
	 * @param created when Vault created it, where Vault records that (identity entities and groups), else null
	 * @param updated when Vault last changed it (its policies and members included), where recorded, else null
	 */
	public record Holder(String label, String kind, String name, String method, Instant created, Instant updated) {

		Holder(String label, String kind, String name, String method) {
			this(label, kind, name, method, null, null);
		}

		/**
		 * Since when it holds what it holds, as far as Vault says: its creation when it has not changed
		 * since, else "by" its last change (a policy or member may have come with any change until then);
		 * "—" where Vault records neither (roles and users of auth methods).
		 */
		public String since() {
			if (updated == null || updated.equals(created)) {
				return created == null ? "—" : created.toString();
			}
			return "by " + updated + (created == null ? "" : " (last change; created " + created + ")");
		}

		Holder relabelled(String label) {
			return new Holder(label, kind, name, method, created, updated);
		}

	}

	/**
	 * @param byPolicy policy name to its holders, such as "userpass user userpass/alice"
	 * @param byGlob policy glob (token roles' allowed_policies_glob) to holders
	 * @param notInspected auth methods enabled but of a type not inspected, as "PATH/ (type TYPE)"
	 */
	public record Holders(Map<String, List<Holder>> byPolicy, Map<String, List<Holder>> byGlob,
			List<String> notInspected) {

		/** Everyone who gets {@code policy}, by name or by a glob that matches it. */
		public List<Holder> of(String policy) {
			List<Holder> holders = new ArrayList<>(byPolicy.getOrDefault(policy, List.of()));
			byGlob.forEach((glob, globHolders) -> {
				String regex = String.join(".*", Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList());
				if (policy.matches(regex)) {
					globHolders.forEach(holder -> holders.add(holder.relabelled(holder.label() + " (allowed by glob "
							+ glob + ")")));
				}
			});
			return holders;
		}

	}

	/** Where a type keeps what hands out policies: list path under the mount, kind, policy fields. */
	private record Source(String list, String kind, List<String> fields) {
	}

	private static final List<String> TOKEN_POLICIES = List.of("token_policies", "policies");

	/** Per auth method type, the listings that hand out policies (config-wide policies are read apart). */
	private static final Map<String, List<Source>> SOURCES = Map.of(
			"approle", List.of(new Source("role", "approle role", TOKEN_POLICIES)),
			"userpass", List.of(new Source("users", "userpass user", TOKEN_POLICIES)),
			"jwt", List.of(new Source("role", "jwt role", TOKEN_POLICIES)),
			"oidc", List.of(new Source("role", "oidc role", TOKEN_POLICIES)),
			"kubernetes", List.of(new Source("role", "kubernetes role", TOKEN_POLICIES)),
			"cert", List.of(new Source("certs", "cert", TOKEN_POLICIES)),
			"ldap", List.of(new Source("users", "ldap user", TOKEN_POLICIES), new Source("groups", "ldap group", TOKEN_POLICIES)),
			"github", List.of(new Source("map/teams", "github team", List.of("value")),
					new Source("map/users", "github user", List.of("value"))));


	private final VaultConnection connection;

	private final String operator;

	/** @param operator what a person needs, for the message when a listing is denied */
	PolicyHolders(VaultConnection connection, String operator) {
		this.connection = connection;
		this.operator = operator;
	}

	public Holders find() {
		Map<String, Set<Holder>> holders = new TreeMap<>();
		Map<String, Set<Holder>> globs = new TreeMap<>();
		List<String> notInspected = new ArrayList<>();
		Map<String, VaultMount> mounts = call("read", "sys/auth", () -> connection.template().opsForSys().getAuthMounts());
		new TreeMap<>(mounts).forEach((rawPath, mount) -> {
			String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
			String type = mount.getType();
			String method = path + "/ (" + type + ")";
			if (type.equals("token")) {
				collect(holders, "auth/token/roles", "token role", "", method, List.of("allowed_policies"));
				collect(globs, "auth/token/roles", "token role", "", method, List.of("allowed_policies_glob"));
			}
			else if (SOURCES.containsKey(type)) {
				for (Source source : SOURCES.get(type)) {
					collect(holders, "auth/" + path + "/" + source.list(), source.kind(), path + "/", method,
							source.fields());
				}
				if (type.equals("github") || type.equals("ldap")) {
					// Policies in the config go to every login of the method: every org member, every LDAP user.
					Map<String, Object> config = read("auth/" + path + "/config");
					Holder who = type.equals("github")
							? new Holder("every member of GitHub org " + config.get("organization") + " (github " + path
									+ "/)", "github organisation", String.valueOf(config.get("organization")), method)
							: new Holder("every ldap login at " + path + "/", "ldap logins", "every login", method);
					policies(config, TOKEN_POLICIES).forEach(policy -> add(holders, policy, who));
				}
			}
			else {
				notInspected.add(path + "/ (type " + type + ")");
			}
		});
		Map<String, String> entityNames = entities(holders);
		groups(holders, entityNames);
		return new Holders(copy(holders), copy(globs), List.copyOf(notInspected));
	}

	/** Entities with direct policies; returns entity id to name, for naming group members. */
	private Map<String, String> entities(Map<String, Set<Holder>> holders) {
		Map<String, String> names = new TreeMap<>();
		for (String name : optionalList("identity/entity/name")) {
			Map<String, Object> entity = read("identity/entity/name/" + name);
			if (entity.get("id") != null) {
				names.put(entity.get("id").toString(), name);
			}
			String logins = aliases(entity.get("aliases"));
			String disabled = Boolean.TRUE.equals(entity.get("disabled")) ? ", disabled" : "";
			Holder holder = new Holder("identity entity " + name + (logins.isEmpty() && disabled.isEmpty() ? ""
					: " (" + (logins.isEmpty() ? "no login alias" : "logs in as " + logins) + disabled + ")"),
					"identity entity", name, "identity", time(entity.get("creation_time")),
					time(entity.get("last_update_time")));
			for (String policy : policies(entity, List.of("policies"))) {
				add(holders, policy, holder);
			}
		}
		return names;
	}

	private void groups(Map<String, Set<Holder>> holders, Map<String, String> entityNames) {
		for (String name : optionalList("identity/group/name")) {
			Map<String, Object> group = read("identity/group/name/" + name);
			List<String> members = new ArrayList<>();
			if (group.get("member_entity_ids") instanceof Collection<?> ids) {
				ids.forEach(id -> members.add(entityNames.getOrDefault(id.toString(), "entity " + id)));
			}
			List<String> details = new ArrayList<>();
			if (group.get("alias") instanceof Map<?, ?> alias && alias.get("name") != null) {
				details.add("alias " + alias.get("name") + " at " + alias.get("mount_path"));
			}
			if (!members.isEmpty()) {
				details.add("members: " + String.join(", ", members));
			}
			String detail = String.join("; ", details);
			// A group's last update includes changes of its members: who is in it now has been since then at most.
			Holder holder = new Holder("identity group " + name + (detail.isEmpty() ? "" : " (" + detail + ")"),
					"identity group", name, "identity", time(group.get("creation_time")),
					time(group.get("last_update_time")));
			for (String policy : policies(group, List.of("policies"))) {
				add(holders, policy, holder);
			}
		}
	}

	/**
	 * The entries under {@code listPath} by the policies in their {@code fields}; none of these (roles, users,
	 * certificates, maps) records when it was created or changed.
	 */
	private void collect(Map<String, Set<Holder>> holders, String listPath, String kind, String prefix, String method,
			List<String> fields) {
		for (String name : optionalList(listPath)) {
			Map<String, Object> entry = read(listPath + "/" + name);
			Holder holder = new Holder(kind + " " + prefix + name + boundTo(entry), kind, name, method);
			for (String policy : policies(entry, fields)) {
				add(holders, policy, holder);
			}
		}
	}

	/** Vault's RFC 3339 time ({@code creation_time}), to the second; null when absent or unreadable. */
	private static Instant time(Object value) {
		if (!(value instanceof String text) || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * Who may log in with a JWT/OIDC role, from its bound claims and audiences (a GitHub Actions role of
	 * {@code botkeeper oidc enable}: the repository, its ids, the environment); empty for other entries.
	 */
	private static String boundTo(Map<String, Object> entry) {
		List<String> terms = new ArrayList<>();
		if (entry.get("bound_claims") instanceof Map<?, ?> claims && !claims.isEmpty()) {
			new TreeMap<>(claims).forEach((claim, value) -> terms.add(claim + "=" + value));
		}
		if (entry.get("bound_subject") instanceof String subject && !subject.isEmpty()) {
			terms.add("sub=" + subject);
		}
		if (entry.get("bound_audiences") instanceof Collection<?> audiences && !audiences.isEmpty()) {
			terms.add("audience " + String.join(",", audiences.stream().map(String::valueOf).toList()));
		}
		return terms.isEmpty() ? "" : " (tokens with " + String.join(", ", terms) + ")";
	}

	private static String aliases(Object aliases) {
		List<String> logins = new ArrayList<>();
		if (aliases instanceof Collection<?> list) {
			for (Object alias : list) {
				if (alias instanceof Map<?, ?> map) {
					String mount = String.valueOf(map.get("mount_path")).replaceFirst("^auth/", "");
					logins.add(mount + map.get("name"));
				}
			}
		}
		return String.join(", ", logins);
	}

	/** The policy names in {@code fields} of one entry (lists, or comma-separated strings as GitHub maps hold). */
	private static Set<String> policies(Map<String, Object> entry, List<String> fields) {
		Set<String> policies = new LinkedHashSet<>();
		for (String field : fields) {
			Object value = entry.get(field);
			if (value instanceof Collection<?> list) {
				list.forEach(policy -> policies.add(policy.toString().strip()));
			}
			else if (value != null && !value.toString().isBlank()) {
				for (String policy : value.toString().split("\\s*,\\s*")) {
					policies.add(policy.strip());
				}
			}
		}
		policies.remove("");
		return policies;
	}

	private static Map<String, List<Holder>> copy(Map<String, Set<Holder>> holders) {
		Map<String, List<Holder>> copy = new TreeMap<>();
		holders.forEach((policy, labels) -> copy.put(policy, List.copyOf(labels)));
		return copy;
	}

	private static void add(Map<String, Set<Holder>> holders, String policy, Holder holder) {
		holders.computeIfAbsent(policy, key -> new LinkedHashSet<>()).add(holder);
	}

	private Map<String, Object> read(String path) {
		return connection.read(access("read", path), path).map(VaultResponse::getData).orElse(Map.of());
	}

	/** The keys under {@code path}; none when nothing was ever written there (Vault answers 404). */
	private List<String> optionalList(String path) {
		try {
			List<String> keys = connection.template().list(path);
			return keys == null ? List.of() : keys;
		}
		catch (RuntimeException ex) {
			if (VaultCalls.status(ex) == 404) {
				return List.of();
			}
			throw connection.calls().translate(access("list", path), ex);
		}
	}

	private <T> T call(String verb, String path, Supplier<T> action) {
		return connection.calls().run(access(verb, path), action);
	}

	private VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", operator, false);
	}

}
