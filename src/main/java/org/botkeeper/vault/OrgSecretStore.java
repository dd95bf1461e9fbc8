package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.DesiredOrgSecret;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.OrgSecretSource;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretName;

/**
 * The organisation secret records at {@code org-secrets/ORG/NAME} ({@link VaultLayout#orgSecretPath}):
 * one token shared by a chosen list of repositories of one organisation. The list is written in the
 * value's own version, beside the value, so whoever may edit metadata cannot give the token to other
 * repositories; custom_metadata keeps a copy for those who may not read the value ({@code org-secret
 * list}, auditors, serve's status page), and the broker never syncs from it. Writes use check-and-set.
 */
public final class OrgSecretStore implements OrgSecretSource {

	static final String VALUE = TokenRecord.VALUE;

	private static final String ORGANISATION = "organisation";

	private static final String SECRET_NAME = "secret_name";

	private static final String REPOSITORIES = "repositories";

	private static final String WRITTEN_BY = "written_by";

	private final KvRecords kv;

	private final VaultConnection connection;

	/** @param policy the policy named in a "permission denied" message, e.g. botkeeper-admin */
	public OrgSecretStore(VaultConnection connection, VaultLayout layout, String policy) {
		this.connection = connection;
		this.kv = new KvRecords(connection, layout, policy);
	}

	/** What {@code org-secret list} shows of a record: never the value. */
	public record Shown(OrgSecretTarget target, long version, SortedSet<String> repositories, String writtenBy) {
	}

	/**
	 * Stores a new version of the secret's value with its repositories, replacing the previous list.
	 *
	 * @return the new version
	 * @throws CheckAndSetException when someone else wrote in between; nothing was written
	 */
	public long put(OrgSecretTarget target, SecretValue value, SortedSet<String> repositories) {
		String path = VaultLayout.orgSecretPath(target);
		long expected = kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L);
		Map<String, Object> data = new LinkedHashMap<>(fields(target, repositories));
		data.put(VALUE, BodySecret.of(value));
		long version = kv.put(path, data, expected);
		Map<String, String> shown = new LinkedHashMap<>(fields(target, repositories));
		shown.put(WRITTEN_BY, connection.displayName());
		try {
			kv.writeCustomMetadata(path, shown);
		}
		catch (VaultException ex) {
			throw new VaultException("The token for " + target + " was stored as version " + version + ", but what "
					+ "'org-secret list' shows of it was not: " + ex.getMessage()
					+ "\n  Run the same 'botkeeper org-secret put' again once that is fixed.", ex.status(), ex);
		}
		return version;
	}

	/** Every record, spelled as its Vault path, sorted. */
	public List<OrgSecretTarget> list() {
		List<OrgSecretTarget> targets = new ArrayList<>();
		for (String organisation : kv.list(VaultLayout.ORG_SECRETS)) {
			if (!organisation.endsWith("/")) {
				continue;
			}
			String name = organisation.substring(0, organisation.length() - 1);
			for (String secret : kv.list(VaultLayout.ORG_SECRETS + "/" + name)) {
				if (!secret.endsWith("/")) {
					targets.add(new OrgSecretTarget(name, new SecretName(secret)));
				}
			}
		}
		targets.sort(java.util.Comparator.comparing(OrgSecretTarget::toString));
		return targets;
	}

	/** The records as metadata shows them (one read each), for people who may not read values. */
	public List<Shown> records() {
		List<Shown> shown = new ArrayList<>();
		for (OrgSecretTarget target : list()) {
			kv.metadata(VaultLayout.orgSecretPath(target))
				.ifPresent(metadata -> shown.add(new Shown(target, metadata.currentVersion(),
						repositories(metadata.customMetadata().get(REPOSITORIES)),
						metadata.customMetadata().getOrDefault(WRITTEN_BY, ""))));
		}
		return shown;
	}

	/**
	 * The organisation secrets' states: their records' metadata (version, repositories; never a value)
	 * against {@code ledger}.
	 */
	public List<org.botkeeper.sync.OrgSecretStatus> statuses(org.botkeeper.sync.OrgLedger ledger) {
		List<org.botkeeper.sync.OrgSecretStatus.Record> records = records().stream()
			.map(shown -> new org.botkeeper.sync.OrgSecretStatus.Record(shown.target(), shown.version(),
					shown.repositories()))
			.toList();
		return records.isEmpty() ? List.of() : org.botkeeper.sync.OrgSecretStatus.of(records, ledger.entries());
	}

	/** Deletes every version of the record; false when there was none. */
	public boolean remove(OrgSecretTarget target) {
		String path = VaultLayout.orgSecretPath(target);
		if (kv.metadata(path).isEmpty()) {
			return false;
		}
		kv.destroy(path);
		return true;
	}

	@Override
	public List<DesiredOrgSecret> desired(java.util.Set<String> organisations) {
		try {
			List<DesiredOrgSecret> desired = new ArrayList<>();
			for (OrgSecretTarget target : list()) {
				if (organisations.isEmpty() || organisations.contains(target.organisation())) {
					desired.add(readDesired(target));
				}
			}
			return desired;
		}
		catch (VaultPermissionException ex) {
			throw new RunAbortedException("Vault refused to list the organisation secrets (" + VaultLayout.ORG_SECRETS
					+ "/): the broker's policy predates them. Run 'botkeeper vault init' to update the policies. ("
					+ ex.getMessage() + ")", ex);
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<DesiredOrgSecret> current(OrgSecretTarget target) {
		try {
			if (kv.metadata(VaultLayout.orgSecretPath(target)).isEmpty()) {
				return Optional.empty();
			}
			return Optional.of(readDesired(target));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public SecretValue read(OrgSecretTarget target, long version) {
		try {
			return kv.data(VaultLayout.orgSecretPath(target), version)
				.map(data -> data.get(VALUE))
				.map(value -> SecretValue.of(value.toString()))
				.orElseThrow(() -> new org.botkeeper.sync.ItemFailedException(
						"Version " + version + " of " + target + " has no value in Vault any more; the next run plans again."));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	/**
	 * The latest version, with the repositories from that version's own data; a record whose data names
	 * another secret than its path (copied by hand) is refused rather than followed.
	 */
	private DesiredOrgSecret readDesired(OrgSecretTarget target) {
		String path = VaultLayout.orgSecretPath(target);
		try {
			KvMetadata metadata = kv.metadata(path).orElse(null);
			if (metadata == null) {
				return DesiredOrgSecret.unreadable(target, "The record of " + target + " is gone from Vault.");
			}
			Optional<Map<String, Object>> data = kv.data(path, metadata.currentVersion());
			if (data.isEmpty() || data.get().get(VALUE) == null) {
				return new DesiredOrgSecret(target, metadata.currentVersion(), false, new TreeSet<>(), Optional.empty());
			}
			Map<String, Object> fields = data.get();
			if (!target.organisation().equals(String.valueOf(fields.get(ORGANISATION)))
					|| !target.secretName().value().equals(String.valueOf(fields.get(SECRET_NAME)))) {
				return DesiredOrgSecret.unreadable(target, "The record at " + path + " names another organisation "
						+ "secret in its data (written by hand?): store it again with 'botkeeper org-secret put'.");
			}
			SortedSet<String> repositories = repositories(String.valueOf(fields.get(REPOSITORIES)));
			if (repositories.isEmpty()) {
				return DesiredOrgSecret.unreadable(target, "The record of " + target + " lists no repositories: store it "
						+ "again with 'botkeeper org-secret put'.");
			}
			return DesiredOrgSecret.of(target, metadata.currentVersion(), repositories);
		}
		catch (InvalidNameException ex) {
			return DesiredOrgSecret.unreadable(target, "The record of " + target + " lists an invalid repository name "
					+ "(written by hand?): " + ex.getMessage());
		}
		catch (VaultException ex) {
			if (SyncFailures.runWide(ex)) {
				throw ex;
			}
			return DesiredOrgSecret.unreadable(target, ex.getMessage());
		}
	}

	/**
	 * Repository names within one organisation, as typed ({@code a,b,c}): each checked as a repository
	 * name, lower case, no duplicates. An empty list is refused: a secret for no repository is no secret.
	 */
	public static SortedSet<String> parseRepositories(OrgSecretTarget target, String list) {
		SortedSet<String> repositories = repositories(list);
		if (repositories.isEmpty()) {
			throw UserFacingException.badInput("--repositories needs at least one repository name of "
					+ target.organisation() + " (comma-separated, e.g. --repositories binderhub,repo2docker).");
		}
		return repositories;
	}

	private static SortedSet<String> repositories(String list) {
		SortedSet<String> repositories = new TreeSet<>();
		if (list == null || list.isBlank() || list.equals("null")) {
			return repositories;
		}
		for (String name : Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList()) {
			// A name of another owner would give one organisation's secret to another's repository: not a name here.
			repositories.add(new org.botkeeper.sync.RepositoryName("owner", name).repo().toLowerCase(Locale.ROOT));
		}
		return repositories;
	}

	private static Map<String, String> fields(OrgSecretTarget target, SortedSet<String> repositories) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(ORGANISATION, target.organisation());
		fields.put(SECRET_NAME, target.secretName().value());
		fields.put(REPOSITORIES, String.join(",", repositories));
		return fields;
	}

}
