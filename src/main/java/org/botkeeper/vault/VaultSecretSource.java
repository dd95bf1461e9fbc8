package org.botkeeper.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.sync.TokenKind;

/**
 * The token records in Vault as the sync engine's source. Where each token goes is read from the
 * value's own version (see {@link TokenRecord}), never from custom_metadata, which others may edit;
 * a value is pushed only when it is what its record says it is: a GitHub token in plain mode, a key
 * that mints within the {@link AppCeiling} in App mode.
 */
public final class VaultSecretSource implements SecretSource {

	private final TokenStore tokens;

	private final TokenHealthStore health;

	private final AppCeilingStore ceiling;

	private final OidcDelivery marks;

	private final String mount;

	private final TokenDefaults defaults;

	public VaultSecretSource(VaultConnection connection, VaultLayout layout, TokenDefaults defaults) {
		this.defaults = defaults;
		this.tokens = new TokenStore(connection, layout, defaults, Policy.BROKER.policyName());
		this.health = new TokenHealthStore(connection, layout, Policy.BROKER.policyName());
		this.ceiling = new AppCeilingStore(connection, layout, Policy.BROKER.policyName());
		this.marks = new OidcDelivery(connection, layout, Policy.BROKER.policyName());
		this.mount = layout.kvMount();
	}

	/**
	 * {@inheritDoc}
	 *
	 * <p>A record that cannot be read for a reason of its own (a 500 on its path, say) is returned as
	 * {@link DesiredSecret#unreadable} under the binding its metadata shows, so the plan fails that one
	 * item and never takes it for removed; a failure of Vault as a whole stops the run.
	 */
	@Override
	public List<DesiredSecret> desired(Set<RepositoryName> only) {
		try {
			List<RepositoryName> repositories = only.isEmpty() ? tokens.list()
					: only.stream().sorted(Comparator.comparing(RepositoryName::toString)).toList();
			Map<RepositoryName, OidcDelivery.Mark> delivered = marks(only);
			List<DesiredSecret> desired = new ArrayList<>();
			int hidden = 0;
			List<ConcurrentReads.Outcome<Optional<DesiredSecret>>> reads = ConcurrentReads.map(repositories, this::read);
			for (int i = 0; i < repositories.size(); i++) {
				RepositoryName repository = repositories.get(i);
				try {
					// Listed a moment ago and removed since, or named but gone (the plan may prune its secret).
					reads.get(i).get().map(secret -> marked(secret, delivered.get(repository))).ifPresent(desired::add);
				}
				catch (VaultPermissionException ex) {
					hidden++;
				}
				catch (VaultException ex) {
					if (SyncFailures.runWide(ex)) {
						throw ex;
					}
					desired.add(DesiredSecret.unreadable(shownBinding(repository), ex.getMessage()));
				}
			}
			if (hidden > 0) {
				// Planning without them would look like bindings removed from Vault: never act on that.
				throw new RunAbortedException(hidden + (hidden == 1 ? " token record" : " token records") + " in Vault mount '"
						+ mount + "' cannot be read with this token. Check that it has policy 'botkeeper-broker'.");
			}
			return withoutCaseDuplicates(desired);
		}
		catch (VaultException ex) {
			// Without the full desired state nothing may be written: stop the run.
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	/** The binding a record's metadata shows, else the default one: only a name to report a failure under. */
	private Binding shownBinding(RepositoryName repository) {
		try {
			return tokens.record(repository).map(TokenRecord::binding).orElseThrow();
		}
		catch (RuntimeException ex) {
			return new Binding(repository, defaults.environment(), defaults.secretName());
		}
	}

	@Override
	public Optional<DesiredSecret> current(RepositoryName repository) {
		try {
			Optional<DesiredSecret> secret = read(repository);
			if (secret.isEmpty()) {
				return secret;
			}
			OidcDelivery.Mark mark = marks(Set.of(repository)).get(repository);
			return secret.map(found -> marked(found, mark));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	/**
	 * The operator's OIDC marks: all of them (a list, and a read per mark, whatever the number of bindings),
	 * or those of {@code only}. A broker policy that may not read them predates them: planning without them
	 * would push again the secrets the operator asked to remove, so the run stops and says what to do.
	 */
	private Map<RepositoryName, OidcDelivery.Mark> marks(Set<RepositoryName> only) {
		try {
			if (only.isEmpty()) {
				return marks.all();
			}
			Map<RepositoryName, OidcDelivery.Mark> found = new HashMap<>();
			only.forEach(repository -> marks.read(repository).ifPresent(mark -> found.put(repository, mark)));
			return found;
		}
		catch (VaultPermissionException ex) {
			throw new RunAbortedException("Cannot read the OIDC marks ('" + VaultLayout.OIDC + "/') in Vault mount '" + mount
					+ "' with this token: its policy 'botkeeper-broker' predates them. Run 'botkeeper vault init' to "
					+ "update the broker's policy, then sync again. Nothing was written.", ex);
		}
	}

	/** {@code secret}, delivered by OIDC when {@code mark} is about its very environment. */
	private static DesiredSecret marked(DesiredSecret secret, OidcDelivery.Mark mark) {
		return mark != null && secret.failure().isEmpty() && mark.environment().equals(secret.binding().environment())
				? secret.deliveredByOidc() : secret;
	}

	/**
	 * What one record asks for now: its latest version, read with the value so the binding is the one
	 * written with it; with what the last {@code token check} of this very version learned from GitHub.
	 */
	private Optional<DesiredSecret> read(RepositoryName repository) {
		Optional<StoredToken> stored;
		try {
			stored = tokens.read(repository);
			if (stored.isEmpty()) {
				// No record, or its latest version was deleted or destroyed: nothing to push, and the shown
				// binding is all there is to name it by.
				return tokens.record(repository)
					.map(shown -> new DesiredSecret(shown.binding(), shown.version(), false, Optional.empty(), false,
							Optional.empty(), Optional.empty(), shown.layout() == TokenRecord.Layout.LEGACY));
			}
		}
		catch (VaultPermissionException ex) {
			// The record is listed but its value may not be read: block it under its shown binding (so it is
			// never taken for removed), and plan the others. A record not even shown is counted as hidden.
			return tokens.record(repository)
				.map(shown -> new DesiredSecret(shown.binding(), shown.version(), true, Optional.empty(), false,
						Optional.empty(), Optional.of(Reason.RECORD_UNREADABLE), false));
		}
		catch (InvalidNameException ex) {
			// A record written by hand with a binding GitHub would refuse: block it, plan the others.
			Binding fallback = new Binding(repository, defaults.environment(), defaults.secretName());
			return Optional.of(new DesiredSecret(fallback, 0, true, Optional.empty(), false, Optional.empty(),
					Optional.of(Reason.RECORD_INVALID), false));
		}
		try (StoredToken token = stored.get()) {
			return Optional.of(desired(token));
		}
	}

	private DesiredSecret desired(StoredToken token) {
		TokenRecord record = token.record();
		boolean legacy = record.layout() == TokenRecord.Layout.LEGACY;
		if (record.app() != null) {
			// The value is an App key; what GitHub receives is minted per push, lives one hour, and carries
			// no more than the ceiling allows.
			DesiredSecret secret = new DesiredSecret(record.binding(), record.version(), true, Optional.empty(), false,
					Optional.of(record.app().refresh()), Optional.empty(), legacy);
			Optional<Reason> refused = appRefusal(record.app());
			return refused.map(secret::refusedBecause).orElse(secret);
		}
		// An expiry date is taken as the start of that day in UTC: blocking a day early beats pushing a
		// token that stops working during the day.
		Optional<Instant> typed = Optional.ofNullable(record.expiresAt())
			.map(date -> date.atStartOfDay(ZoneOffset.UTC).toInstant());
		Optional<TokenHealth> checked = health.readIfAllowed(record.binding().repository())
			.filter(h -> h.describes(record.version(), record.updatedTime()));
		Optional<Instant> expiresAt = checked.flatMap(TokenHealth::expiresAt).or(() -> typed);
		boolean revoked = checked.map(h -> h.verdict() == TokenHealth.Verdict.REVOKED).orElse(false);
		DesiredSecret secret = new DesiredSecret(record.binding(), record.version(), true, expiresAt, revoked,
				Optional.empty(), Optional.empty(), legacy);
		// Plain mode pushes GitHub tokens only: an App key or a password stored without App settings (or
		// whose App settings were removed) is never sent anywhere.
		return TokenKind.of(token.value().chars()).isPresent() ? secret : secret.refusedBecause(Reason.NOT_A_GITHUB_TOKEN);
	}

	private Optional<Reason> appRefusal(AppSource app) {
		Optional<AppCeiling> limit = ceiling.read();
		if (limit.isEmpty()) {
			return Optional.of(Reason.APP_CEILING_MISSING);
		}
		return limit.get().permit(app.permissions()).isPresent() ? Optional.empty() : Optional.of(Reason.APP_ABOVE_CEILING);
	}

	/**
	 * Two records for one repository (an earlier botkeeper stored case variants at different paths):
	 * which one is meant cannot be told, so neither is pushed.
	 */
	private static List<DesiredSecret> withoutCaseDuplicates(List<DesiredSecret> desired) {
		Map<RepositoryName, Integer> count = new HashMap<>();
		desired.forEach(secret -> count.merge(secret.binding().repository(), 1, Integer::sum));
		return desired.stream()
			.map(secret -> count.get(secret.binding().repository()) > 1 ? secret.refusedBecause(Reason.DUPLICATE_RECORDS)
					: secret)
			.toList();
	}

	@Override
	public SecretValue read(Binding binding, long version) {
		try {
			StoredToken stored = tokens.read(binding.repository(), version)
				.orElseThrow(() -> new ItemFailedException("Cannot push " + binding + ": version " + version
						+ " of its token record has no token (deleted or destroyed in Vault)."));
			try (stored) {
				TokenRecord record = stored.record();
				if (!record.binding().equals(binding)) {
					throw new ItemFailedException("Cannot push " + binding + ": version " + version
							+ " of its token record is bound to " + record.binding() + ".");
				}
				if (record.app() != null) {
					throw new ItemFailedException("Cannot push " + binding + ": version " + version
							+ " holds a GitHub App key, which is never pushed itself.");
				}
				if (TokenKind.of(stored.value().chars()).isEmpty()) {
					throw new ItemFailedException("Cannot push " + binding + ": " + Reason.NOT_A_GITHUB_TOKEN.sentence());
				}
				return SecretValue.of(stored.value().chars().clone());
			}
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

}
