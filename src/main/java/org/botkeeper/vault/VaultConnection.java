package org.botkeeper.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.stream.Stream;

import org.botkeeper.failure.UserFacingException;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.botkeeper.crypto.SecretValue;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.GitHubAuthentication;
import org.springframework.vault.authentication.GitHubAuthenticationOptions;
import org.springframework.vault.authentication.JwtAuthentication;
import org.springframework.vault.authentication.JwtAuthenticationOptions;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.SslConfiguration.KeyStoreConfiguration;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.HttpStatusCodeException;

/**
 * A logged-in client for one Vault server: spring-vault's {@link VaultTemplate} built from
 * {@link VaultSettings}, plus the {@link VaultCalls} that turn its failures into messages for people.
 */
public final class VaultConnection {

	private static final ClientOptions TIMEOUTS = new ClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30));

	private final VaultSettings settings;

	/** Reads without spring-vault, for a token connection that needs no TLS files; else null. */
	private final PlainGet plain;

	/** spring-vault's client, built on first use when {@link #plain} may answer the reads; then null. */
	private Supplier<Client> unbuilt;

	private volatile Client client;

	private VaultConnection(VaultSettings settings, PlainGet plain, Supplier<Client> client) {
		this.plain = plain;
		this.unbuilt = client;
		// Where and how this connection talks to Vault, for start-up lines and tests; the token stays out.
		this.settings = new VaultSettings(settings.address(), null, settings.namespace(), settings.caCert(),
				settings.caPath(), settings.clientCert(), settings.clientKey());
	}

	/**
	 * Connects lazily with the token of {@code settings}: nothing is sent until the first call. Without TLS
	 * files, spring-vault's client is not even built until a call needs it: reads go through
	 * {@link PlainGet}, which is what keeps {@code botkeeper totp} quick to start.
	 */
	public static VaultConnection open(VaultSettings settings) {
		// The token goes to spring-vault as a String: its VaultToken redacts itself in toString().
		Function<RestClient, SessionManager> sessions = restClient -> new SimpleSessionManager(
				new TokenAuthentication(settings.token().reveal()));
		return PlainGet.forSettings(settings, (int) TIMEOUTS.getConnectionTimeout().toMillis(),
				(int) TIMEOUTS.getReadTimeout().toMillis())
			.map(plain -> new VaultConnection(settings, plain, () -> client(settings, sessions)))
			.orElseGet(() -> open(settings, sessions));
	}

	/**
	 * Connects as an AppRole (the broker's login), renewing the token while it lives and logging in
	 * again when it cannot be renewed, as spring-vault's lifecycle-aware session manager does. A
	 * response-wrapped secret id is unwrapped once, here, so that later re-logins still have it, and only
	 * after Vault confirms that the wrapping token was made by this role's {@code secret-id} endpoint.
	 *
	 * @param path where the AppRole auth method is mounted, usually {@code approle}
	 * @param roleName the role whose secret id this is, usually {@code botkeeper-broker}
	 */
	public static VaultConnection openAppRole(VaultSettings settings, String path, String roleName, String roleId,
			SecretValue secretId, boolean wrapped, TaskScheduler scheduler) {
		return open(settings, restClient -> {
			SecretIdForm.check(restClient, secretId, wrapped);
			SecretValue plainSecretId = wrapped ? AppRoleSecretIds.unwrap(restClient, secretId, settings.address(),
					"auth/" + path + "/role/" + roleName + "/secret-id") : secretId;
			AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
				.path(path)
				.roleId(AppRoleAuthenticationOptions.RoleId.provided(roleId))
				.secretId(AppRoleAuthenticationOptions.SecretId.provided(plainSecretId.reveal()))
				.build();
			return renewing(new AppRoleAuthentication(options, restClient), scheduler, restClient);
		});
	}

	/**
	 * Connects with a pod's Kubernetes service-account token (the Kubernetes auth method at {@code path}, as
	 * {@code role}), renewing the Vault token and logging in again as {@link #openAppRole} does. {@code jwt}
	 * is asked again at every login, because the kubelet rotates a projected token while the pod runs. The
	 * first login happens here, so that a refusal (a wrong role, path or service account: settings to fix)
	 * stops start-up with what Vault said rather than failing every run; an unreachable Vault does not.
	 *
	 * @see <a href="https://openbao.org/docs/auth/kubernetes/">Kubernetes auth method</a>
	 */
	public static VaultConnection openKubernetes(VaultSettings settings, String path, String role,
			Supplier<SecretValue> jwt, TaskScheduler scheduler) {
		VaultConnection connection = open(settings, restClient -> {
			KubernetesAuthentication kubernetes = new KubernetesAuthentication(KubernetesAuthenticationOptions.builder()
				.path(path)
				.role(role)
				.jwtSupplier(() -> jwt.get().reveal())
				.build(), restClient);
			ClientAuthentication login = () -> {
				try {
					return kubernetes.login();
				}
				catch (VaultLoginException ex) {
					throw refusedLogin(settings, ex, "Kubernetes login as role '" + role + "' at auth/" + path + "/",
							"Check that the role exists and is bound to this pod's service account and namespace (vault read "
									+ "auth/" + path + "/role/" + role + "), and that Vault can reach the Kubernetes API "
									+ "to review the token (vault read auth/" + path + "/config).");
				}
			};
			return renewing(login, scheduler, restClient);
		});
		try {
			connection.client().sessions().getSessionToken();
		}
		catch (VaultUnavailableException ex) {
			// Vault down is not a wrong setting: serve starts and its runs back off until Vault answers.
		}
		catch (VaultException ex) {
			throw UserFacingException.badInput(ex.getMessage(), ex);
		}
		return connection;
	}

	/**
	 * spring-vault's lifecycle-aware session: renews the token before it expires and logs in again with
	 * {@code login} when it can no longer be renewed (its max TTL reached, or revoked).
	 */
	private static SessionManager renewing(ClientAuthentication login, TaskScheduler scheduler, RestClient restClient) {
		return new LifecycleAwareSessionManager(login, scheduler, restClient);
	}

	/**
	 * What a refused login says: Vault's own reason (spring-vault's "Cannot login using ..." prefix left out)
	 * and {@code check}; no answer at all is not a refusal and says to check the address instead.
	 */
	private static VaultException refusedLogin(VaultSettings settings, VaultLoginException ex, String what, String check) {
		String reason = ex.getMessage() == null ? "" : ex.getMessage().replaceFirst("^Cannot login using [^:]*: ?", "");
		int status = VaultCalls.status(ex.getCause() == null ? ex : ex.getCause());
		if (status == 0) {
			return new VaultUnavailableException("Cannot reach Vault at " + settings.address() + " for the " + what
					+ " (" + reason + "). Check VAULT_ADDR and that Vault can be reached from here.", 0, ex);
		}
		return new VaultException("Vault refused the " + what + " (" + reason + "). " + check, status, null);
	}

	private static VaultConnection open(VaultSettings settings, Function<RestClient, SessionManager> sessions) {
		Client client = client(settings, sessions);
		return new VaultConnection(settings, null, () -> client);
	}

	private static Client client(VaultSettings settings, Function<RestClient, SessionManager> sessions) {
		ClientHttpRequestFactory requestFactory = ClientHttpRequestFactoryFactory.create(TIMEOUTS, ssl(settings));
		ReadYourWrites consistency = new ReadYourWrites();
		RestClientBuilder builder = RestClientBuilder.builder()
			.endpoint(VaultEndpoint.from(settings.address()))
			.requestFactory(requestFactory)
			.customizers(rest -> rest.requestInterceptor(consistency));
		if (settings.namespace() != null) {
			builder.defaultHeader("X-Vault-Namespace", settings.namespace());
		}
		SessionManager session = sessions.apply(builder.build());
		VaultTemplate template = new VaultTemplate(builder, session);
		return new Client(template, new VaultCalls(template, settings.address(), settings.namespace()), session);
	}

	/** spring-vault's template, the calls that translate its failures, and the session it logs in with. */
	private record Client(VaultTemplate template, VaultCalls calls, SessionManager sessions) {

	}

	private Client client() {
		Client built = client;
		if (built == null) {
			synchronized (this) {
				if (client == null) {
					client = unbuilt.get();
					unbuilt = null;
				}
				built = client;
			}
		}
		return built;
	}

	/**
	 * Logs in with an admin's own GitHub token (HashiCorp Vault's GitHub auth method at {@code path});
	 * the GitHub token goes to Vault once and is not kept.
	 */
	public static VaultConnection loginWithGitHub(VaultSettings settings, String path, SecretValue githubToken) {
		return open(settings, restClient -> new SimpleSessionManager(new GitHubAuthentication(
				GitHubAuthenticationOptions.builder().path(path).token(githubToken.reveal()).build(), restClient)));
	}

	/**
	 * Logs in with a JWT (GitHub Actions' OIDC token, {@link GitHubActionsLogin}) at the JWT auth method at
	 * {@code path} as {@code role}, at once: a refusal (the token's claims do not match the role's) stops
	 * here, with what Vault said. The JWT goes to Vault once and is not kept; the Vault token lives as long
	 * as the role's TTL and is not renewed, so that TTL must outlast a {@code sync} run.
	 */
	public static VaultConnection loginWithJwt(VaultSettings settings, String path, String role, SecretValue jwt) {
		return open(settings, restClient -> {
			VaultToken token;
			try {
				token = new JwtAuthentication(JwtAuthenticationOptions.builder().path(path).role(role).jwt(jwt.reveal())
					.build(), restClient).login();
			}
			catch (VaultLoginException ex) {
				throw refusedLogin(settings, ex, "JWT login as role '" + role + "' at auth/" + path + "/",
						"Check that the role exists and that its bound claims (repository, ids, job_workflow_ref, ref) and "
								+ "audience match this workflow's run.");
			}
			return new SimpleSessionManager(() -> token);
		});
	}

	/** The Vault token this connection acts with (logging in first if it has not yet). Keep it out of output. */
	public SecretValue token() {
		return SecretValue.of(client().sessions().getSessionToken().getToken());
	}

	/** Vault's address, namespace and TLS files this connection uses; its token is not in them. */
	public VaultSettings settings() {
		return settings;
	}

	/** For calls not covered by a store; wrap them in {@link #calls()}. */
	public VaultTemplate template() {
		return client().template();
	}

	public VaultCalls calls() {
		return client().calls();
	}

	/**
	 * Reads {@code apiPath}; empty when Vault answers 404 for a missing record. A 404 because the mount
	 * itself is missing ("no handler for route") is an error, unlike in {@link VaultTemplate#read}, which
	 * returns null for both.
	 */
	public Optional<VaultResponse> read(VaultAccess access, String apiPath) {
		if (plain != null) {
			Optional<PlainGet.Answer> answer = plain.get(apiPath);
			if (answer.isPresent() && answer.get().status() == 403) {
				// A denial is Vault's final word, and it is audited: asking again through spring-vault would put
				// a second denied attempt (on the bot's password, say) in the audit trail and its alert count.
				return calls().run(access, () -> {
					throw answer.get().asException();
				});
			}
			Optional<Optional<VaultResponse>> answered = answer.flatMap(PlainGet::read);
			if (answered.isPresent()) {
				return answered.get();
			}
			// Not a plain record or a plain 404: spring-vault asks again and says what went wrong, as always.
		}
		return calls().run(access, () -> Optional.ofNullable(template().doWithSession(rest -> {
			try {
				return rest.getForObject(apiPath, VaultResponse.class);
			}
			catch (HttpStatusCodeException ex) {
				if (ex.getStatusCode().value() == 404 && !VaultCalls.missingRoute(ex)) {
					return null;
				}
				throw ex;
			}
		})));
	}

	/**
	 * Reads a setting of an auth method ({@code auth/github/config}, ...) for a plan; null when it does not
	 * exist, or has no handler yet because the method is not enabled (--plan before it is: 400, 404, 405).
	 */
	VaultResponse readSetting(VaultAccess access, String path) {
		try {
			return template().read(path);
		}
		catch (RuntimeException ex) {
			int status = VaultCalls.status(ex);
			if (status == 404 || status == 405 || status == 400) {
				return null;
			}
			throw calls().translate(access, ex);
		}
	}

	/**
	 * Lists the keys under {@code apiPath} (sub-folders end with '/'); empty when the folder holds
	 * nothing. A missing mount or namespace is an error, unlike in {@link VaultTemplate#list}, which
	 * returns an empty list for both, so a mistyped {@code --kv-mount} would look like "no tokens yet".
	 */
	public List<String> list(VaultAccess access, String apiPath) {
		VaultResponse response = read(access, apiPath + "?list=true").orElse(null);
		Object keys = response == null || response.getData() == null ? null : response.getData().get("keys");
		return keys instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
	}

	/**
	 * The server's clock, from the {@code Date} header of {@code sys/seal-status} (answered even when
	 * sealed, no token needed); empty when Vault cannot be asked or sends no date.
	 */
	public Optional<java.time.Instant> serverDate() {
		Optional<PlainGet.Answer> answer = plain == null ? Optional.empty() : plain.get("sys/seal-status");
		if (answer.isPresent()) {
			long date = answer.get().status() / 100 == 2 ? answer.get().date() : -1;
			return date < 0 ? Optional.empty() : Optional.of(java.time.Instant.ofEpochMilli(date));
		}
		try {
			Long date = template().doWithSession(rest -> rest.getForEntity("sys/seal-status", String.class)
				.getHeaders()
				.getDate());
			return date == null || date < 0 ? Optional.empty() : Optional.of(java.time.Instant.ofEpochMilli(date));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Who this token belongs to, as Vault names it ({@code display_name} of {@code auth/token/lookup-self},
	 * e.g. "userpass-alice"), recorded as {@code created_by}; "unknown" when Vault does not say.
	 */
	public String displayName() {
		try {
			var response = template().read("auth/token/lookup-self");
			Object name = response == null || response.getData() == null ? null : response.getData().get("display_name");
			return name == null || name.toString().isBlank() ? "unknown" : name.toString();
		}
		catch (RuntimeException ex) {
			return "unknown";
		}
	}

	private static SslConfiguration ssl(VaultSettings settings) {
		SslConfiguration ssl = SslConfiguration.unconfigured();
		Resource trust = pemBundle(settings.caCert(), settings.caPath());
		if (trust != null) {
			ssl = ssl.withTrustStore(KeyStoreConfiguration.of(trust).withStoreType(SslConfiguration.PEM_KEYSTORE_TYPE));
		}
		if (settings.clientCert() != null || settings.clientKey() != null) {
			if (settings.clientCert() == null || settings.clientKey() == null) {
				throw UserFacingException.badInput("Set both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY, or neither.");
			}
			// spring-vault's PEM key store reads the certificate and the key from one resource.
			ssl = ssl.withKeyStore(KeyStoreConfiguration.of(pemBundle(settings.clientCert(), settings.clientKey()))
				.withStoreType(SslConfiguration.PEM_KEYSTORE_TYPE));
		}
		return ssl;
	}

	/** Concatenates PEM files (a file, or every regular file of a directory) into one in-memory resource. */
	private static Resource pemBundle(Path... paths) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Path path : paths) {
			if (path == null) {
				continue;
			}
			try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path).filter(Files::isRegularFile).sorted()
					: Stream.of(path)) {
				for (Path file : files.toList()) {
					out.write(Files.readAllBytes(file));
					out.write('\n');
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + path, ex);
			}
		}
		return out.size() == 0 ? null : new ByteArrayResource(out.toByteArray());
	}

}
