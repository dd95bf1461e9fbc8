package org.botkeeper.githubsim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call the simulator, and with what: personal access tokens (classic, with OAuth scopes, and
 * fine-grained, with repository permissions and a repository selection) that act for a person's
 * login, GitHub Apps (verified RS256 JWTs with GitHub's 10-minute bound) and the installation tokens
 * they mint, limited to the installation's repositories and permissions, which expire. What each
 * endpoint asks of them is {@link SimAccess}'s business.
 */
public final class SimCredentials {

	/** How a token is authorised: GitHub's three models. */
	public enum Kind {

		/** A personal access token (classic) or an OAuth token: scopes, and the person's own roles. */
		CLASSIC,
		/** A fine-grained personal access token: permissions and repositories, within the person's roles. */
		FINE_GRAINED,
		/** A GitHub App installation token: the installation's permissions and repositories. */
		INSTALLATION

	}

	/**
	 * A token the simulator accepts: who it acts for, what it may do, and the headers GitHub would send
	 * about it.
	 *
	 * @param kind the model's name as the headers know it ({@code classic}, {@code fine-grained},
	 *        {@code installation})
	 * @param scopes the {@code x-oauth-scopes} header of a classic token; null for the others
	 * @param login the person the token acts for; null for an installation token
	 * @param grant what it may do
	 */
	public record TokenInfo(String kind, Instant expiresAt, String scopes, String login, Grant grant) {

		@Override
		public String toString() {
			return "TokenInfo[" + kind + " of " + (login != null ? login : "installation " + grant.installationId()) + "]";
		}

	}

	/**
	 * What a token may do. {@code repositories} are {@code owner/name}, lower case; empty means every
	 * repository the person (or the installation's account) can reach.
	 *
	 * @param scopes classic OAuth scopes
	 * @param permissions fine-grained and App permissions ({@code environments} to {@code write}, ...)
	 * @param account the organisation or user an installation is installed on; null for tokens of a person
	 * @param installationId 0 for tokens of a person
	 */
	public record Grant(Kind kind, Set<String> scopes, Map<String, String> permissions, Set<String> repositories,
			String account, long installationId) {

		public Grant {
			scopes = Set.copyOf(scopes);
			permissions = Map.copyOf(permissions);
			repositories = repositories.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
		}

		/** Whether the token may reach {@code repository} at all (its selection, its account). */
		boolean selects(SimRepository repository) {
			if (account != null && !account.equalsIgnoreCase(repository.owner())) {
				return false;
			}
			return repositories.isEmpty() || repositories.contains(repository.fullName().toLowerCase(Locale.ROOT));
		}

		/** The level granted for {@code permission}: {@code none}, {@code read}, {@code write} or {@code admin}. */
		String level(String permission) {
			// Metadata read comes with every fine-grained token and installation (GitHub grants it implicitly).
			if (permission.equals("metadata") && kind != Kind.CLASSIC) {
				return permissions.getOrDefault("metadata", "read");
			}
			return permissions.getOrDefault(permission, "none");
		}

	}

	/**
	 * An App's installation: the account it is installed on, the repositories it may reach (none listed:
	 * all of the account's) and the permissions the App was granted there.
	 */
	public record Installation(long id, String account, Map<String, String> permissions, Set<String> repositories) {

		public Installation {
			permissions = Map.copyOf(permissions);
			repositories = Set.copyOf(repositories);
		}

		/** Installed on every repository of {@code account}. */
		public static Installation allRepositories(long id, String account, Map<String, String> permissions) {
			return new Installation(id, account, permissions, Set.of());
		}

		/** Installed on {@code repositories} ({@code owner/name}) of {@code account} only. */
		public static Installation selected(long id, String account, Map<String, String> permissions,
				String... repositories) {
			return new Installation(id, account, permissions, Set.of(repositories));
		}

	}

	/** What an installation token was minted for: repository names (empty: all) and permissions. */
	public record InstallationScope(String appId, long installationId, List<String> repositories,
			Map<String, String> permissions, Instant expiresAt) {
	}

	/** A minted token and its expiry, or GitHub's reason to refuse the mint (a 422), then no token. */
	record Mint(String token, Instant expiresAt, String refusal) {

		static Mint refused(String why) {
			return new Mint(null, null, why);
		}

		@Override
		public String toString() {
			return token == null ? "Mint[refused: " + refusal + "]" : "Mint[<redacted>, expires " + expiresAt + "]";
		}

	}

	private final Map<String, InstallationScope> scopes = new ConcurrentHashMap<>();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final List<String> LEVELS = List.of("none", "read", "write", "admin");

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();

	private final Map<String, RSAPublicKey> apps = new ConcurrentHashMap<>();

	private final Map<Long, String> installationApps = new ConcurrentHashMap<>();

	private final Map<Long, Installation> installations = new ConcurrentHashMap<>();

	private volatile Duration installationTokenLifetime = Duration.ofHours(1);

	SimCredentials(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Accepts {@code token} as a personal access token (classic) of {@code login} with these OAuth
	 * {@code scopes} (none: the {@code x-oauth-scopes} header is sent empty). {@code expiresAt} may be
	 * null (no expiry).
	 */
	public void classicToken(String token, String login, Instant expiresAt, String... scopes) {
		Grant grant = new Grant(Kind.CLASSIC, Set.of(scopes), Map.of(), Set.of(), null, 0);
		tokens.put(token, new TokenInfo("classic", expiresAt, String.join(", ", scopes), login, grant));
	}

	/**
	 * Accepts {@code token} as a fine-grained personal access token of {@code login} with these
	 * {@code permissions} (metadata read is implied), reaching {@code repositories} ({@code owner/name})
	 * only, or every repository {@code login} can reach when none are named. It never exceeds the
	 * person's own role on a repository.
	 */
	public void fineGrainedToken(String token, String login, Instant expiresAt, Map<String, String> permissions,
			String... repositories) {
		Grant grant = new Grant(Kind.FINE_GRAINED, Set.of(), permissions, Set.of(repositories), null, 0);
		tokens.put(token, new TokenInfo("fine-grained", expiresAt, null, login, grant));
	}

	public void revokeToken(String token) {
		tokens.remove(token);
	}

	/** Registers an App by its public key and installs it as {@code installation} says. */
	public void registerApp(String appId, RSAPublicKey publicKey, Installation installation) {
		apps.put(appId, publicKey);
		installationApps.put(installation.id(), appId);
		installations.put(installation.id(), installation);
	}

	public void installationTokenLifetime(Duration lifetime) {
		installationTokenLifetime = lifetime;
	}

	/** The token's record when it is known and not expired. */
	Optional<TokenInfo> token(String token) {
		TokenInfo info = tokens.get(token);
		if (info == null || info.expiresAt() != null && !clock.instant().isBefore(info.expiresAt())) {
			return Optional.empty();
		}
		return Optional.of(info);
	}

	/** The App id a valid JWT is signed for, else empty. */
	Optional<String> verifyJwt(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length != 3) {
			return Optional.empty();
		}
		try {
			Base64.Decoder url = Base64.getUrlDecoder();
			JsonNode header = JSON.readTree(url.decode(parts[0]));
			JsonNode claims = JSON.readTree(url.decode(parts[1]));
			String appId = claims.path("iss").asString();
			RSAPublicKey key = apps.get(appId);
			if (key == null || !"RS256".equals(header.path("alg").asString())) {
				return Optional.empty();
			}
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initVerify(key);
			signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!signature.verify(url.decode(parts[2]))) {
				return Optional.empty();
			}
			long now = clock.instant().getEpochSecond();
			long iat = claims.path("iat").asLong();
			long exp = claims.path("exp").asLong();
			// GitHub: exp no more than 10 minutes into the future; iat not in the future.
			if (iat > now + 60 || exp <= now || exp - now > 600) {
				return Optional.empty();
			}
			return Optional.of(appId);
		}
		catch (RuntimeException | GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	/** The scope an installation token was minted with; empty for other tokens. */
	public Optional<InstallationScope> installationScope(String token) {
		return Optional.ofNullable(scopes.get(token));
	}

	/** The installation {@code appId} owns under {@code installationId}, if any. */
	Optional<Installation> installation(String appId, long installationId) {
		return appId.equals(installationApps.get(installationId)) ? Optional.ofNullable(installations.get(installationId))
				: Optional.empty();
	}

	/**
	 * Mints an installation token limited as asked ({@code repositories} are names within the
	 * installation's account; none: all the installation's), or the reason GitHub refuses (422): a
	 * repository or a permission the installation does not have. The installation must be the App's.
	 */
	Mint mintInstallationToken(Installation installation, String appId, List<String> repositories,
			Map<String, String> permissions) {
		for (String name : repositories) {
			String fullName = (installation.account() + "/" + name).toLowerCase(Locale.ROOT);
			if (!installation.repositories().isEmpty() && installation.repositories().stream()
				.noneMatch(selected -> selected.equalsIgnoreCase(fullName))) {
				return Mint.refused("There is at least one repository that does not exist or is not accessible to the "
						+ "parent installation.");
			}
		}
		for (Map.Entry<String, String> asked : permissions.entrySet()) {
			String granted = installation.permissions().getOrDefault(asked.getKey(), "none");
			if (LEVELS.indexOf(asked.getValue()) < 0 || LEVELS.indexOf(granted) < LEVELS.indexOf(asked.getValue())) {
				return Mint.refused("The permissions requested are not granted to this installation.");
			}
		}
		Map<String, String> effective = permissions.isEmpty() ? installation.permissions() : permissions;
		Set<String> reach = repositories.isEmpty() ? installation.repositories()
				: repositories.stream().map(name -> installation.account() + "/" + name).collect(Collectors.toSet());
		StringBuilder token = new StringBuilder("ghs_");
		for (int i = 0; i < 36; i++) {
			token.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
		}
		Instant expiresAt = clock.instant().plus(installationTokenLifetime);
		Grant grant = new Grant(Kind.INSTALLATION, Set.of(), effective, reach, installation.account(), installation.id());
		tokens.put(token.toString(), new TokenInfo("installation", expiresAt, null, null, grant));
		scopes.put(token.toString(), new InstallationScope(appId, installation.id(), List.copyOf(repositories),
				Map.copyOf(permissions), expiresAt));
		return new Mint(token.toString(), expiresAt, null);
	}

	/** The permissions a minted token reports: those asked for, else the installation's, in a stable order. */
	static Map<String, String> reported(Installation installation, Map<String, String> asked) {
		return new LinkedHashMap<>(new java.util.TreeMap<>(asked.isEmpty() ? installation.permissions() : asked));
	}

	/** True when {@code granted} is at least {@code needed} ({@code none < read < write < admin}). */
	static boolean atLeast(String granted, String needed) {
		return LEVELS.indexOf(granted) >= LEVELS.indexOf(needed);
	}

}
