package org.botkeeper.vault;

import java.util.Map;
import java.util.regex.Pattern;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.RepositoryName;

/**
 * Where botkeeper keeps things in Vault: the KV v2 mount (default {@code botkeeper}) and the TOTP
 * mount (default {@code botkeeper-totp}), and the paths inside them. Paths here are relative to the
 * KV mount; the policies in {@code vault-policies/} grant exactly these.
 *
 * <ul>
 * <li>{@code account}: the bot's login and password</li>
 * <li>{@code account-recovery}: the bot's 2FA recovery codes (break-glass only; admins read its
 * metadata, which holds the count)</li>
 * <li>{@code tokens/owner/repo}: one binding's token and where it goes (see {@link TokenRecord})</li>
 * <li>{@code sync/owner/repo}: the broker's ledger for that binding (written by the broker only)</li>
 * <li>{@code health/owner/repo}: the last token check of that binding (written by the broker)</li>
 * <li>{@code oidc/owner/repo}: the operator's word that the binding's workflows read the token with
 * OIDC, so the broker deletes its environment secret (see {@link OidcDelivery}); written by the operator
 * only, read by the broker</li>
 * <li>{@code org-secrets/org/NAME}: one organisation Actions secret's token and the repositories it
 * is given to (see {@link OrgSecretStore}); admins write it, the broker reads it, maintainers get nothing
 * (one token spans repositories)</li>
 * <li>{@code org-sync/org/NAME}: the broker's ledger for that organisation secret</li>
 * <li>{@code lease/sync}: the lease record replicas of the broker coordinate through</li>
 * <li>{@code changes}: the change marker, one version per change made through botkeeper (see
 * {@link ChangeMarkers}); names, never values</li>
 * <li>{@code writer}: the credential botkeeper writes to GitHub with</li>
 * <li>{@code writers/owner}: an owner's own writer, used for that owner's repositories instead (an
 * organisation with its own GitHub App installation, say)</li>
 * <li>{@code bot-token}: the bot account's own token (for accepting invitations)</li>
 * <li>TOTP key {@code account} in the TOTP mount</li>
 * </ul>
 *
 * <p>Several bots ({@code --account NAME}) are several layouts, one pair of mounts each ({@link #forAccount}).
 */
public record VaultLayout(String kvMount, String totpMount) {

	public static final String DEFAULT_KV_MOUNT = "botkeeper";

	public static final String DEFAULT_TOTP_MOUNT = "botkeeper-totp";

	public static final String ACCOUNT = "account";

	public static final String ACCOUNT_RECOVERY = "account-recovery";

	public static final String WRITER = "writer";

	/** One owner's (organisation's) own writer, at {@code writers/owner} in lower case. */
	public static final String WRITERS = "writers";

	public static final String BOT_TOKEN = "bot-token";

	public static final String LEASE = "lease/sync";

	public static final String CHANGES = "changes";

	/** The folder of the OIDC delivery marks, {@code oidc/OWNER/REPO}. */
	public static final String OIDC = "oidc";

	public static final String TOTP_KEY = "account";

	/** The environment variable naming the account ({@code --account}). */
	public static final String ACCOUNT_VARIABLE = "BOTKEEPER_ACCOUNT";

	/** A GitHub login: 1 to 39 letters, digits or single hyphens, not starting or ending with one. */
	private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

	private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

	public VaultLayout {
		checkMount(kvMount, "KV mount");
		checkMount(totpMount, "TOTP mount");
		if (kvMount.equals(totpMount)) {
			throw UserFacingException.badInput("The KV and TOTP mounts must differ (both are '" + kvMount + "').");
		}
	}

	public static VaultLayout defaults() {
		return new VaultLayout(DEFAULT_KV_MOUNT, DEFAULT_TOTP_MOUNT);
	}

	/** True for the default mounts ({@code botkeeper}, {@code botkeeper-totp}). */
	public boolean isDefault() {
		return equals(defaults());
	}

	/**
	 * What botkeeper's policy or AppRole role {@code name} (e.g. {@code botkeeper-admin}) is called for
	 * these mounts: the name itself for the default mounts, else the name and the KV mount
	 * ({@code botkeeper-admin-secret-bots}), so that setting up other mounts never rewrites the policies
	 * that people of the default mounts hold. Other names (a maintainer policy named by a person) are
	 * returned as given.
	 */
	public String policyName(String name) {
		if (isDefault() || !name.startsWith("botkeeper-") || name.startsWith(Policy.MAINTAINER.policyName())) {
			return name;
		}
		return name + "-" + kvMount.replace('/', '-');
	}

	/**
	 * The mounts named by options when given, else {@code BOTKEEPER_KV_MOUNT} /
	 * {@code BOTKEEPER_TOTP_MOUNT} from {@code env}, else the defaults; or those of the account named by
	 * {@code BOTKEEPER_ACCOUNT} ({@link #resolve(String, String, String, Map)}).
	 */
	public static VaultLayout resolve(String kvOption, String totpOption, Map<String, String> env) {
		return resolve(kvOption, totpOption, null, env);
	}

	/**
	 * The layout of the account named by {@code --account} or else {@code BOTKEEPER_ACCOUNT}
	 * ({@link #forAccount}); without one, the mounts named by options, else by {@code BOTKEEPER_KV_MOUNT} /
	 * {@code BOTKEEPER_TOTP_MOUNT}, else the defaults. An account and a mount together are refused rather
	 * than one silently winning: either could be a leftover in the shell, and reading the wrong bot's
	 * records is worse than asking.
	 */
	public static VaultLayout resolve(String kvOption, String totpOption, String accountOption, Map<String, String> env) {
		String account = given(accountOption) ? accountOption.strip() : given(env.get(ACCOUNT_VARIABLE))
				? env.get(ACCOUNT_VARIABLE).strip() : null;
		if (account == null) {
			return new VaultLayout(first(kvOption, env.get("BOTKEEPER_KV_MOUNT"), DEFAULT_KV_MOUNT),
					first(totpOption, env.get("BOTKEEPER_TOTP_MOUNT"), DEFAULT_TOTP_MOUNT));
		}
		String accountFrom = given(accountOption) ? "--account" : ACCOUNT_VARIABLE;
		String mountFrom = given(kvOption) ? "--kv-mount" : given(totpOption) ? "--totp-mount"
				: given(env.get("BOTKEEPER_KV_MOUNT")) ? "BOTKEEPER_KV_MOUNT"
				: given(env.get("BOTKEEPER_TOTP_MOUNT")) ? "BOTKEEPER_TOTP_MOUNT" : null;
		if (mountFrom != null) {
			throw UserFacingException.badInput(accountFrom + " and " + mountFrom + " both choose where the bot's "
					+ "records are: an account has its own mounts (" + DEFAULT_KV_MOUNT + "-NAME, "
					+ DEFAULT_TOTP_MOUNT + "-NAME). Give only one of them" + (mountFrom.startsWith("--") ? ""
							: " (unset " + mountFrom + ")") + ".");
		}
		return forAccount(account);
	}

	/**
	 * The mounts of the bot account {@code name} ({@code --account}): {@code botkeeper-NAME} and
	 * {@code botkeeper-totp-NAME}, NAME in lower case (GitHub logins ignore case, Vault mounts do not), so
	 * each bot has its own password, TOTP key, recovery codes, tokens, ledger and lease, and by
	 * {@link #policyName} its own policies and roles. NAME is a GitHub login (letters, digits, single
	 * hyphens), except {@code totp} and {@code totp-...}: the KV mount of {@code totp-x} would be the TOTP
	 * mount of {@code x}.
	 */
	public static VaultLayout forAccount(String name) {
		if (name == null || !ACCOUNT_NAME.matcher(name).matches()) {
			throw UserFacingException.badInput("Invalid account '" + name + "': write the bot's GitHub login, 1 to 39 "
					+ "letters, digits or single hyphens (e.g. --account jupyterhub-bot-2).");
		}
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		if (lower.equals("totp") || lower.startsWith("totp-")) {
			throw UserFacingException.badInput("Invalid account '" + name + "': names 'totp' and 'totp-...' are "
					+ "reserved, as their mounts would be another account's TOTP mount. Choose another name.");
		}
		return new VaultLayout(DEFAULT_KV_MOUNT + "-" + lower, DEFAULT_TOTP_MOUNT + "-" + lower);
	}

	/**
	 * The bot account these mounts are ({@link #forAccount}), in lower case; empty for the default mounts
	 * and for mounts named otherwise ({@code --kv-mount}), which are the first bot of their deployment.
	 */
	public java.util.Optional<String> account() {
		String prefix = DEFAULT_KV_MOUNT + "-";
		String name = kvMount.startsWith(prefix) ? kvMount.substring(prefix.length()) : "";
		return ACCOUNT_NAME.matcher(name).matches() && totpMount.equals(DEFAULT_TOTP_MOUNT + "-" + name)
				? java.util.Optional.of(name) : java.util.Optional.empty();
	}

	private static boolean given(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * {@code tokens/owner/repo}, in lower case: GitHub names ignore case, so every spelling of one
	 * repository must find the same record (policies name this path too).
	 */
	public static String tokenPath(RepositoryName repository) {
		return "tokens/" + canonical(repository);
	}

	/** {@code owner/repo} in lower case: the one Vault path segment pair for every spelling of a name. */
	public static String canonical(RepositoryName repository) {
		return repository.owner().toLowerCase(java.util.Locale.ROOT) + "/"
				+ repository.repo().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * {@code health/OWNER/REPO}: what {@code token check} last learned from GitHub about that token,
	 * written by the broker (the only identity that reads token values).
	 */
	public static String healthPath(RepositoryName repository) {
		return "health/" + canonical(repository);
	}

	/** {@code sync/OWNER/REPO}: the broker's ledger of what it last pushed for this binding. */
	public static String ledgerPath(RepositoryName repository) {
		return "sync/" + canonical(repository);
	}

	/** {@code oidc/OWNER/REPO}: the operator's mark that the binding is delivered by OIDC alone. */
	public static String oidcPath(RepositoryName repository) {
		return OIDC + "/" + canonical(repository);
	}

	/** The folder of the organisation secret records, {@code org-secrets/ORG/NAME}. */
	public static final String ORG_SECRETS = "org-secrets";

	/** The folder of the broker's ledger of organisation secrets, {@code org-sync/ORG/NAME}. */
	public static final String ORG_SYNC = "org-sync";

	/**
	 * {@code org-secrets/ORG/NAME}: the organisation in lower case (as {@link #canonical}) and the secret
	 * name as GitHub stores it (upper case), so every spelling finds one record.
	 */
	public static String orgSecretPath(org.botkeeper.sync.OrgSecretTarget target) {
		return ORG_SECRETS + "/" + target.organisation() + "/" + target.secretName().value();
	}

	/** {@code org-sync/ORG/NAME}: the broker's ledger of what it last wrote for that organisation secret. */
	public static String orgLedgerPath(org.botkeeper.sync.OrgSecretTarget target) {
		return ORG_SYNC + "/" + target.organisation() + "/" + target.secretName().value();
	}

	/** {@code KVMOUNT/data/PATH}: the API path of a KV v2 record's value. */
	public String data(String path) {
		return kvMount + "/data/" + path;
	}

	/** {@code KVMOUNT/metadata/PATH}: the API path of a KV v2 record's metadata. */
	public String metadata(String path) {
		return kvMount + "/metadata/" + path;
	}

	public String totpKey() {
		return totpMount + "/keys/" + TOTP_KEY;
	}

	public String totpCode() {
		return totpMount + "/code/" + TOTP_KEY;
	}

	private static String first(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		throw new IllegalArgumentException("no value");
	}

	private static void checkMount(String mount, String what) {
		if (mount == null || !MOUNT.matcher(mount).matches() || mount.length() > 100) {
			throw UserFacingException.badInput("Invalid " + what + " '" + mount
					+ "': use letters, digits, '.', '-', '_' and '/' between segments.");
		}
	}

}
