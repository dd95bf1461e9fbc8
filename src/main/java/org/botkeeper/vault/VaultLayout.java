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
	 * {@code BOTKEEPER_TOTP_MOUNT} from {@code env}, else the defaults.
	 */
	public static VaultLayout resolve(String kvOption, String totpOption, Map<String, String> env) {
		return new VaultLayout(first(kvOption, env.get("BOTKEEPER_KV_MOUNT"), DEFAULT_KV_MOUNT),
				first(totpOption, env.get("BOTKEEPER_TOTP_MOUNT"), DEFAULT_TOTP_MOUNT));
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
