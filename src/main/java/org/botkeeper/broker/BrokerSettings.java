package org.botkeeper.broker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.config.Durations;

/**
 * The settings {@code sync}, {@code status} and {@code serve} share, read in one place with one name,
 * one grammar and one default each: GitHub's API, how requests to it are paced ({@link GitHubLimits}:
 * the pause between writes, writes a minute and an hour, points a minute, requests at once), the mounts
 * and the defaults of a new binding. The name is the environment variable ({@link Name}); {@code serve} also takes each as
 * a {@code --botkeeper...} argument, which wins over the variable. Durations are {@link Durations}' grammar (Spring Boot's)
 * everywhere ({@code 500ms}, {@code 1s}, {@code 1m}, or ISO-8601 {@code PT1M}). Where Vault is and how to
 * log in is {@link org.botkeeper.vault.VaultSettings}, read the same way by both.
 */
public record BrokerSettings(GitHubApi api, GitHubLimits github, VaultLayout layout, TokenDefaults defaults) {

	/**
	 * Each shared setting: its environment variable and {@code serve}'s property. The defaults live with
	 * the types that read them ({@link GitHubApi#DEFAULT}, {@link VaultLayout#defaults()}, {@link TokenDefaults}).
	 */
	public enum Name {

		GITHUB_API_URL("GITHUB_API_URL", "botkeeper.github.api-url"),
		WRITE_GAP("BOTKEEPER_WRITE_GAP", "botkeeper.github.write-gap"),
		WRITES_PER_MINUTE("BOTKEEPER_WRITES_PER_MINUTE", "botkeeper.github.writes-per-minute"),
		WRITES_PER_HOUR("BOTKEEPER_WRITES_PER_HOUR", "botkeeper.github.writes-per-hour"),
		POINTS_PER_MINUTE("BOTKEEPER_POINTS_PER_MINUTE", "botkeeper.github.points-per-minute"),
		CONCURRENCY("BOTKEEPER_GITHUB_CONCURRENCY", "botkeeper.github.concurrency"),
		/** The bot account, whose mounts are {@link VaultLayout#forAccount}'s; refused with a mount. */
		ACCOUNT(VaultLayout.ACCOUNT_VARIABLE, "botkeeper.account"),
		KV_MOUNT("BOTKEEPER_KV_MOUNT", "botkeeper.kv-mount"),
		TOTP_MOUNT("BOTKEEPER_TOTP_MOUNT", "botkeeper.totp-mount"),
		ENVIRONMENT("BOTKEEPER_ENVIRONMENT", "botkeeper.environment"),
		SECRET_NAME("BOTKEEPER_SECRET_NAME", "botkeeper.secret-name"),
		REMINDER_REPOSITORY("BOTKEEPER_REMINDER_REPOSITORY", "botkeeper.reminders.repository"),
		REMINDER_DAYS("BOTKEEPER_REMINDER_DAYS", "botkeeper.reminders.days"),
		/** {@code serve} only: how often it compares the bot's access with the bindings ({@link #footprintInterval}). */
		FOOTPRINT_INTERVAL("BOTKEEPER_FOOTPRINT_INTERVAL", "botkeeper.footprint.interval"),
		/** {@code serve} only: how often it reviews who can get the bot's credentials ({@link #accessInterval}). */
		ACCESS_INTERVAL("BOTKEEPER_ACCESS_INTERVAL", "botkeeper.access.interval"),
		/** {@code serve} only: Vault's file audit log, followed for alerts ({@link #auditFile}). */
		AUDIT_FILE("BOTKEEPER_AUDIT_FILE", "botkeeper.audit.file");

		private final String variable;

		private final String property;

		Name(String variable, String property) {
			this.variable = variable;
			this.property = property;
		}

		public String variable() {
			return variable;
		}

		public String property() {
			return property;
		}

	}

	/** The CLI's settings: from environment variables, mounts (or the account) from options when given. */
	public static BrokerSettings fromEnvironment(Map<String, String> env, String kvMountOption, String totpMountOption,
			String accountOption) {
		GitHubApi api;
		try {
			api = GitHubApi.fromEnvironment(env);
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(ex.getMessage().endsWith(".") ? ex.getMessage() : ex.getMessage() + ".");
		}
		return new BrokerSettings(api, github(env), VaultLayout.resolve(kvMountOption, totpMountOption, accountOption, env),
				TokenDefaults.fromEnvironment(env));
	}

	public static BrokerSettings fromEnvironment(Map<String, String> env) {
		return fromEnvironment(env, null, null, null);
	}

	/**
	 * {@code serve}'s view of the environment: the variables, with each shared setting given as a property
	 * ({@code --botkeeper.github.api-url=...}) in place of its variable. Read with {@link #fromEnvironment},
	 * this makes {@code serve} mean by each setting exactly what the CLI means.
	 *
	 * @param property a property's value, or null when it is not set (Spring's environment)
	 */
	public static Map<String, String> withProperties(Map<String, String> variables, Function<String, String> property) {
		Map<String, String> env = new HashMap<>(variables);
		for (Name name : Name.values()) {
			String value = property.apply(name.property());
			if (value != null) {
				env.put(name.variable(), value);
			}
		}
		return env;
	}

	/**
	 * Where the expiry reminders go and when ({@code botkeeper remind}, {@code serve}'s daily task).
	 *
	 * @param repository the admins' repository ({@code BOTKEEPER_REMINDER_REPOSITORY}); empty: no reminders
	 * @param days the thresholds in days before an expiry ({@code BOTKEEPER_REMINDER_DAYS}, default 30,14,3)
	 */
	public record Reminders(java.util.Optional<org.botkeeper.sync.RepositoryName> repository, java.util.List<Integer> days) {

	}

	/** The reminder settings in {@code env} ({@link #withProperties} for serve), validated: bad input exits 2. */
	public static Reminders reminders(Map<String, String> env) {
		String repository = env.get(Name.REMINDER_REPOSITORY.variable());
		java.util.Optional<org.botkeeper.sync.RepositoryName> where = java.util.Optional.empty();
		if (repository != null && !repository.isBlank()) {
			try {
				where = java.util.Optional.of(org.botkeeper.sync.RepositoryName.parse(repository.strip()));
			}
			catch (org.botkeeper.sync.InvalidNameException ex) {
				throw UserFacingException.badInput(Name.REMINDER_REPOSITORY.variable() + ": " + ex.getMessage());
			}
		}
		String text = env.get(Name.REMINDER_DAYS.variable());
		if (text == null || text.isBlank()) {
			return new Reminders(where, org.botkeeper.sync.ReminderPlanner.DEFAULT_DAYS);
		}
		java.util.List<Integer> days = new java.util.ArrayList<>();
		for (String part : text.split(",")) {
			int day;
			try {
				day = Integer.parseInt(part.strip());
			}
			catch (NumberFormatException ex) {
				day = -1;
			}
			if (day < 1 || day > 366) {
				throw UserFacingException.badInput(Name.REMINDER_DAYS.variable() + "='" + text
						+ "' must be whole days between 1 and 366, separated by commas: write e.g. 30,14,3.");
			}
			days.add(day);
		}
		return new Reminders(where, java.util.List.copyOf(days));
	}

	/** The pause between two writes (what {@link #github()} waits between the starts of two). */
	public Duration writeGap() {
		return github.mutationGap();
	}

	/**
	 * The client's pacing: {@link GitHubLimits#defaults()}, each budget replaced by its variable when set.
	 * The defaults stay below GitHub's documented limits; a value above one is taken as given (GitHub
	 * Enterprise Server's administrators set their own), except more than GitHub's 100 requests at once.
	 */
	static GitHubLimits github(Map<String, String> env) {
		GitHubLimits defaults = GitHubLimits.defaults();
		return defaults.withMutationGap(writeGap(env))
			.withWritesPerMinute(count(env, Name.WRITES_PER_MINUTE, defaults.writesPerMinute().amount(), Long.MAX_VALUE))
			.withWritesPerHour(count(env, Name.WRITES_PER_HOUR, defaults.writesPerHour().amount(), Long.MAX_VALUE))
			.withPointsPerMinute(count(env, Name.POINTS_PER_MINUTE, defaults.pointsPerMinute().amount(), Long.MAX_VALUE))
			.withConcurrency((int) count(env, Name.CONCURRENCY, defaults.concurrency(),
					GitHubLimits.GITHUB_CONCURRENT_REQUESTS));
	}

	private static long count(Map<String, String> env, Name name, long fallback, long max) {
		String text = env.get(name.variable());
		if (text == null || text.isBlank()) {
			return fallback;
		}
		long value;
		try {
			value = Long.parseLong(text.strip());
		}
		catch (NumberFormatException ex) {
			throw UserFacingException.badInput(name.variable() + "='" + text + "' is not a whole number: write e.g. "
					+ fallback + ".");
		}
		if (value < 1 || value > max) {
			throw UserFacingException.badInput(name.variable() + (max == Long.MAX_VALUE ? " must be at least 1"
					: " must be between 1 and " + max) + ", got '" + text + "'.");
		}
		return value;
	}

	/** The pause between two writes, in Spring Boot's duration grammar; 1 s when unset. */
	static Duration writeGap(Map<String, String> env) {
		String text = env.get(Name.WRITE_GAP.variable());
		if (text == null || text.isBlank()) {
			return Duration.ofSeconds(1);
		}
		Duration gap;
		try {
			gap = Durations.parse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(Name.WRITE_GAP.variable() + "='" + text + "' is not a duration: write "
					+ "e.g. 500ms, 1s or 1m.");
		}
		if (gap.isNegative()) {
			throw UserFacingException.badInput(Name.WRITE_GAP.variable() + " must not be negative, got '" + text + "'.");
		}
		return gap;
	}

	/**
	 * How often {@code serve} computes the bot's footprint ({@link FootprintAudit}): {@code 1h} when unset,
	 * empty for {@code off}; at least a second otherwise. Read from {@code serve}'s view of the environment
	 * ({@link #withProperties}); the CLI's {@code footprint} runs when asked and never reads it.
	 */
	public static java.util.Optional<Duration> footprintInterval(Map<String, String> env) {
		return interval(Name.FOOTPRINT_INTERVAL, env);
	}

	/**
	 * How often {@code serve} reviews who can get the bot's credentials ({@link AccessDocument}), like
	 * {@link #footprintInterval}: {@code 1h} when unset, empty for {@code off}. The review asks Vault many
	 * questions (a token per policy), and policies change rarely.
	 */
	public static java.util.Optional<Duration> accessInterval(Map<String, String> env) {
		return interval(Name.ACCESS_INTERVAL, env);
	}

	/**
	 * The audit log {@code serve} follows (Vault's file audit device, mounted where serve runs): empty when
	 * unset. An absolute path, as the device's own {@code file_path} is.
	 *
	 * @throws UserFacingException naming the setting when the path is not absolute
	 */
	public static java.util.Optional<java.nio.file.Path> auditFile(Map<String, String> env) {
		String text = env.get(Name.AUDIT_FILE.variable());
		if (text == null || text.isBlank()) {
			return java.util.Optional.empty();
		}
		java.nio.file.Path path = java.nio.file.Path.of(text.strip());
		if (!path.isAbsolute()) {
			throw UserFacingException.badInput(Name.AUDIT_FILE.variable() + " (" + Name.AUDIT_FILE.property() + ") is '"
					+ text.strip() + "': give the absolute path of Vault's audit log as mounted here, e.g. "
					+ "/var/log/vault/audit.log.");
		}
		return java.util.Optional.of(path);
	}

	private static java.util.Optional<Duration> interval(Name name, Map<String, String> env) {
		String variable = name.variable();
		String text = env.get(variable);
		if (text == null || text.isBlank()) {
			return java.util.Optional.of(Duration.ofHours(1));
		}
		if (text.strip().equalsIgnoreCase("off")) {
			return java.util.Optional.empty();
		}
		Duration interval;
		try {
			interval = Durations.parse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(variable + "='" + text + "' is not a duration: write e.g. 30m, 1h or 1d, "
					+ "or off.");
		}
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw UserFacingException.badInput(variable + " must be at least 1s (or off), got '" + text + "'.");
		}
		return java.util.Optional.of(interval);
	}

	/** How a duration is shown in the start-up line, in the grammar it is set in: {@code 500ms}, {@code 5m}, {@code 1h}. */
	public static String show(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		if (duration.toMillis() % 3_600_000 == 0) {
			return duration.toHours() + "h";
		}
		if (duration.toMillis() % 60_000 == 0) {
			return duration.toMinutes() + "m";
		}
		return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	@Override
	public String toString() {
		return "GitHub API " + api + ", mounts " + layout.kvMount() + " and " + layout.totpMount() + ", writes "
				+ show(writeGap()) + " apart, new bindings to " + defaults.environment() + "/" + defaults.secretName();
	}

}
