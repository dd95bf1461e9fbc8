package org.botkeeper.serve;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.botkeeper.config.ClearText;
import org.botkeeper.vault.VaultBootstrap;

/**
 * Everything {@code serve} is configured with ({@code botkeeper.*}, from application properties,
 * environment variables such as {@code BOTKEEPER_SCHEDULE_INTERVAL}, or arguments). Validated at
 * start-up: an invalid value stops the service with a message that names the property.
 *
 * @param org the GitHub organisation whose bindings this broker serves (informational; bindings carry their owner)
 * @param environment the default environment name of a new binding
 * @param secretName the default secret name of a new binding
 * @param kvMount the KV v2 mount holding account, tokens, ledger and writer
 * @param totpMount the TOTP mount (never read by the broker; here for {@code vault init})
 * @param schedule how often to sync, and how to back off when Vault or GitHub is down
 * @param github where GitHub's API is and how fast to write to it
 * @param leaseTtl how long a replica holds the sync lease without renewing it
 * @param health what {@code /actuator/health} says while a binding is BLOCKED or FAILING
 * @param config a bindings file ({@code botkeeper.yaml}) to hold Vault's records against on every run, as
 *     {@code sync --config} does; none when unset
 */
@Validated
@ConfigurationProperties("botkeeper")
public record BotkeeperProperties(String org,
		@NotBlank @jakarta.validation.constraints.Size(max = 255) String environment,
		@NotBlank @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be letters, digits and '_', not starting with a digit") String secretName,
		@NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", message = "must be a Vault mount path such as 'botkeeper'") String kvMount,
		@NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", message = "must be a Vault mount path such as 'botkeeper-totp'") String totpMount,
		@Valid @NotNull Schedule schedule, @Valid @NotNull GitHub github, @NotNull Duration leaseTtl,
		@Valid @NotNull Vault vault, @NotNull Health health, java.nio.file.Path config) {

	public BotkeeperProperties {
		environment = environment == null ? "jupyterhub-bot" : environment;
		secretName = secretName == null ? "JUPYTERHUB_BOT_PAT" : secretName;
		kvMount = kvMount == null ? "botkeeper" : kvMount;
		totpMount = totpMount == null ? "botkeeper-totp" : totpMount;
		health = health == null ? new Health(null) : health;
		schedule = schedule == null ? new Schedule(null, null, null, null, null) : schedule;
		github = github == null ? new GitHub(null, null) : github;
		leaseTtl = leaseTtl == null ? Duration.ofMinutes(2) : leaseTtl;
		vault = vault == null ? new Vault(null, null, null, null, null, null, false, null, null, null) : vault;
	}

	@AssertTrue(message = "botkeeper.secret-name must not start with GITHUB_ (GitHub reserves that prefix)")
	public boolean isSecretNameAllowed() {
		return !secretName.toUpperCase(java.util.Locale.ROOT).startsWith("GITHUB_");
	}

	@AssertTrue(message = "botkeeper.lease-ttl must be at least 10 seconds")
	public boolean isLeaseTtlSensible() {
		return leaseTtl.compareTo(Duration.ofSeconds(10)) >= 0;
	}

	/**
	 * How {@code serve} logs in to Vault (whose address and TLS settings come from {@code VAULT_ADDR},
	 * {@code VAULT_CACERT}, ... like the vault CLI): AppRole when a role id is given, Kubernetes when a
	 * Kubernetes role is, else the token in {@code VAULT_TOKEN} (for development only).
	 *
	 * @param address overrides {@code VAULT_ADDR}
	 * @param approlePath where the AppRole auth method is mounted
	 * @param roleName the AppRole role ({@code vault init} creates {@code botkeeper-broker}); a wrapped
	 *     secret id must have been created by this role's {@code secret-id} endpoint
	 * @param roleId the role id, or
	 * @param roleIdFile a file holding it
	 * @param secretIdFile a file holding the secret id (never a property value: it would show in the
	 *     process environment or the command line)
	 * @param secretIdWrapped the file holds a response-wrapping token to unwrap once
	 * @param kubernetesRole the Kubernetes auth role to log in as ({@code vault init --kubernetes-host} creates
	 *     {@code botkeeper-broker}); set, serve logs in with its pod's service-account token instead of AppRole
	 * @param kubernetesTokenFile the service-account token, read again at every login (the kubelet rotates it)
	 * @param kubernetesPath where the Kubernetes auth method is mounted
	 */
	public record Vault(java.net.URI address, @Pattern(regexp = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", message = "must be an auth mount path such as 'approle'") String approlePath,
			@Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be an AppRole role name such as 'botkeeper-broker'") String roleName,
			String roleId, java.nio.file.Path roleIdFile, java.nio.file.Path secretIdFile, boolean secretIdWrapped,
			@Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be a Kubernetes auth role name such as 'botkeeper-broker'") String kubernetesRole,
			java.nio.file.Path kubernetesTokenFile,
			@Pattern(regexp = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", message = "must be an auth mount path such as 'kubernetes'") String kubernetesPath) {

		/** Where Kubernetes mounts a pod's service-account token when {@code automountServiceAccountToken} is on. */
		public static final java.nio.file.Path SERVICE_ACCOUNT_TOKEN = java.nio.file.Path
			.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

		public Vault {
			approlePath = approlePath == null ? "approle" : approlePath;
			roleName = roleName == null ? VaultBootstrap.BROKER_ROLE : roleName;
			kubernetesTokenFile = kubernetesTokenFile == null ? SERVICE_ACCOUNT_TOKEN : kubernetesTokenFile;
			kubernetesPath = kubernetesPath == null ? "kubernetes" : kubernetesPath;
		}

		public boolean kubernetes() {
			return kubernetesRole != null;
		}

		@AssertTrue(message = "botkeeper.vault.kubernetes-role and botkeeper.vault.role-id (or role-id-file) are both set: "
				+ "serve logs in one way, so set only one (Kubernetes in a pod, AppRole elsewhere)")
		public boolean isOneLoginMethod() {
			return !(appRole() && kubernetes());
		}

		@AssertTrue(message = "botkeeper.vault.kubernetes-token-file must name a readable file (the pod's service-account "
				+ "token: is automountServiceAccountToken on?)")
		public boolean isKubernetesTokenFileReadable() {
			return !kubernetes() || java.nio.file.Files.isReadable(kubernetesTokenFile);
		}

		@AssertTrue(message = "botkeeper.vault.address must be https://, or http:// only to 127.0.0.1, ::1 or localhost: "
				+ "plain http to another machine would send tokens and secrets unencrypted")
		public boolean isAddressEncrypted() {
			return address == null || ClearText.allowed(address);
		}

		public boolean appRole() {
			return roleId != null || roleIdFile != null;
		}

		@AssertTrue(message = "botkeeper.vault.secret-id-file is required with botkeeper.vault.role-id or role-id-file, "
				+ "and must name a readable file")
		public boolean isSecretIdFileReadable() {
			return !appRole() || (secretIdFile != null && java.nio.file.Files.isReadable(secretIdFile));
		}

		@AssertTrue(message = "botkeeper.vault.role-id-file must name a readable file")
		public boolean isRoleIdFileReadable() {
			return roleIdFile == null || java.nio.file.Files.isReadable(roleIdFile);
		}

	}

	/**
	 * @param interval time between the end of one sync run and the start of the next
	 * @param maxBackoff the longest wait after repeated failures (doubling from {@code interval})
	 * @param changePoll how often to read the change marker between full runs (one Vault read each) and
	 *     run at once the bindings a change made through botkeeper named; zero for full runs only
	 * @param reminders how often to keep the expiry reminder issues ({@code botkeeper remind}); they run only
	 *     when a reminder repository is set ({@code botkeeper.reminders.repository})
	 * @param tokenCheck how often to run {@code token check} on every binding; zero for never. Unset: as often
	 *     as the reminders while they run (they read what it records), else never, as before it existed
	 */
	public record Schedule(@NotNull Duration interval, @NotNull Duration maxBackoff, @NotNull Duration changePoll,
			@NotNull Duration reminders, Duration tokenCheck) {

		public Schedule {
			interval = interval == null ? Duration.ofMinutes(5) : interval;
			maxBackoff = maxBackoff == null ? Duration.ofMinutes(30) : maxBackoff;
			changePoll = changePoll == null ? Duration.ofSeconds(2) : changePoll;
			reminders = reminders == null ? Duration.ofDays(1) : reminders;
		}

		@AssertTrue(message = "botkeeper.schedule.reminders must be at least 1 minute")
		public boolean isRemindersSensible() {
			return reminders.compareTo(Duration.ofMinutes(1)) >= 0;
		}

		@AssertTrue(message = "botkeeper.schedule.token-check must be 0 (never) or at least 1 minute")
		public boolean isTokenCheckSensible() {
			return tokenCheck == null || tokenCheck.isZero() || tokenCheck.compareTo(Duration.ofMinutes(1)) >= 0;
		}

		@AssertTrue(message = "botkeeper.schedule.change-poll must be 0 (full runs only) or at least 100ms")
		public boolean isChangePollSensible() {
			return changePoll.isZero() || changePoll.compareTo(Duration.ofMillis(100)) >= 0;
		}

		@AssertTrue(message = "botkeeper.schedule.interval must be at least 1 second")
		public boolean isIntervalPositive() {
			return interval.compareTo(Duration.ofSeconds(1)) >= 0;
		}

		@AssertTrue(message = "botkeeper.schedule.max-backoff must not be shorter than botkeeper.schedule.interval")
		public boolean isBackoffAboveInterval() {
			return maxBackoff.compareTo(interval) >= 0;
		}

	}

	/**
	 * @param apiUrl GitHub's REST API ({@code https://HOST/api/v3} for GitHub Enterprise Server)
	 * @param writeGap the pause between two mutating requests (GitHub asks for at least one second)
	 */
	public record GitHub(@NotNull URI apiUrl, @NotNull Duration writeGap) {

		public GitHub {
			apiUrl = apiUrl == null ? URI.create("https://api.github.com") : apiUrl;
			writeGap = writeGap == null ? Duration.ofSeconds(1) : writeGap;
		}

		@AssertTrue(message = "botkeeper.github.api-url must be an absolute http(s) URL such as https://api.github.com")
		public boolean isApiUrlHttp() {
			return apiUrl.isAbsolute() && ("https".equals(apiUrl.getScheme()) || "http".equals(apiUrl.getScheme()))
					&& apiUrl.getHost() != null;
		}

		@AssertTrue(message = "botkeeper.github.api-url must be https://, or http:// only to 127.0.0.1, ::1 or localhost: "
				+ "plain http to another machine would send tokens and secrets unencrypted")
		public boolean isApiUrlEncrypted() {
			return !isApiUrlHttp() || ClearText.allowed(apiUrl);
		}

		@AssertTrue(message = "botkeeper.github.write-gap must not be negative")
		public boolean isWriteGapNotNegative() {
			return !writeGap.isNegative();
		}

	}

	/**
	 * @param failingBindings the health status while any binding is BLOCKED or FAILING: {@code degraded}
	 *     (the default; HTTP 200, the service itself works), {@code out-of-service} or {@code down} (HTTP 503)
	 */
	public record Health(FailingBindings failingBindings) {

		public Health {
			failingBindings = failingBindings == null ? FailingBindings.DEGRADED : failingBindings;
		}

		/** The health statuses a failing binding may be reported as; never UP. */
		public enum FailingBindings {

			DEGRADED, OUT_OF_SERVICE, DOWN

		}

	}

}
