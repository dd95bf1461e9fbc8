package org.botkeeper.github;

import java.time.Instant;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.Observation;
import org.botkeeper.sync.Observation.EnvironmentState;
import org.botkeeper.sync.Observation.RepositoryState;
import org.botkeeper.sync.PushReceipt;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretDestination;
import org.botkeeper.sync.Validators;

/**
 * GitHub Actions environment secrets (and repository Actions and Dependabot secrets, for bindings of those
 * {@link org.botkeeper.sync.DestinationKind kinds}) as the sync engine's destination, written as the writer
 * credential. Sorts GitHub's answers into the engine's terms: the writer rejected (401), exhausted rate
 * limits and GitHub unreachable at its URL stop the run, with a message that names the credential or
 * the URL and what to do; anything else (a 5xx after retries, an answer of the wrong shape, a timeout)
 * fails one binding.
 */
public final class GitHubDestination implements SecretDestination {

	private final EnvironmentSecretsClient client;

	private final GitHubTransport transport;

	/** Whose writer this is: null for the default, else the owner of {@code writer set --owner}. */
	private final String owner;

	public GitHubDestination(GitHubConnection connection) {
		this(connection, null);
	}

	/** @param owner the owner whose own writer {@code connection} is written as; null for the default writer */
	public GitHubDestination(GitHubConnection connection, String owner) {
		this.client = connection.environments();
		this.transport = connection.transport();
		this.owner = owner;
	}

	@Override
	public void expectBindings(int count) {
		transport.holdEtagsFor(count);
	}

	@Override
	public Observation observe(Binding binding, boolean deep) {
		return observe(binding, deep, Optional.empty());
	}

	@Override
	public Observation observe(Binding binding, boolean deep, Optional<LedgerEntry> recorded) {
		return guarded(() -> {
			try {
				return observeAsWriter(binding, deep, recorded);
			}
			catch (GitHubForbiddenException ex) {
				return new Observation(RepositoryState.NO_ACCESS, EnvironmentState.NOT_CHECKED, Optional.empty());
			}
		}, binding);
	}

	private Observation observeAsWriter(Binding binding, boolean deep, Optional<LedgerEntry> recorded) {
		// What the ledger recorded, with the ETag of the answer that showed it: a process with nothing cached
		// asks GitHub about that, and a 304 (free of primary quota) confirms it. One request per binding when
		// nothing changed: the environment's key is not looked at (see Planner).
		Optional<Seen<Instant>> knownSecret = recorded.flatMap(entry -> entry.validators().secret()
			.flatMap(etag -> entry.githubUpdatedAt().map(at -> new Seen<>(at, Optional.of(etag)))));
		Optional<Seen<Instant>> secret = client.secretUpdatedAt(binding, knownSecret);
		Validators validators = new Validators(secret.flatMap(Seen::etag));
		if (secret.isPresent() && !deep) {
			return Observation.secretSeen(secret.get().value()).withValidators(validators);
		}
		if (!binding.inEnvironment()) {
			RepositoryState repository = secret.isPresent() ? RepositoryState.REACHABLE : repository(binding);
			return new Observation(repository, EnvironmentState.NONE, secret.map(Seen::value)).withValidators(validators);
		}
		Optional<GitHubEnvironment> environment = client.environment(binding.repository(), binding.environment());
		if (environment.isEmpty()) {
			return new Observation(repository(binding), EnvironmentState.MISSING, Optional.empty());
		}
		EnvironmentState state = environment.get().restricted() ? EnvironmentState.PROTECTED
				: EnvironmentState.UNPROTECTED;
		return new Observation(RepositoryState.REACHABLE, state, secret.map(Seen::value)).withValidators(validators);
	}

	/**
	 * One conditional read of the environment (usually a 304 right after planning), without re-reading
	 * the secret the coming write replaces: a primary point saved per write.
	 */
	@Override
	public EnvironmentState environment(Binding binding) {
		if (!binding.inEnvironment()) {
			return EnvironmentState.NONE;
		}
		return guarded(() -> {
			try {
				return client.environment(binding.repository(), binding.environment())
					.map(environment -> environment.restricted() ? EnvironmentState.PROTECTED : EnvironmentState.UNPROTECTED)
					.orElse(EnvironmentState.MISSING);
			}
			catch (GitHubForbiddenException ex) {
				return EnvironmentState.NOT_CHECKED;
			}
		}, binding);
	}

	/** An environment's 404 does not say whether the repository itself is there: ask. */
	private RepositoryState repository(Binding binding) {
		try {
			transport.send(GitHubRequest.get("/repos/" + binding.repository().owner() + "/" + binding.repository().repo(),
					"read repository " + binding.repository()));
			return RepositoryState.REACHABLE;
		}
		catch (GitHubNotFoundException ex) {
			return RepositoryState.GONE;
		}
		catch (GitHubForbiddenException ex) {
			return RepositoryState.NO_ACCESS;
		}
	}

	@Override
	public void createEnvironment(Binding binding) {
		guarded(() -> client.createEnvironment(binding.repository(), binding.environment()), binding);
	}

	@Override
	public PushReceipt push(Binding binding, SecretValue value) {
		return guarded(() -> {
			SecretWrite write = client.putSecret(binding, value);
			// A PUT answers 201/204 without a body: read the secret back for the updated_at the ledger keeps,
			// with its ETag, so that the next plan (in any process) asks "unchanged?" for free.
			Seen<SecretMetadata> stored = client.secretSeen(binding)
				.orElseThrow(() -> new ItemFailedException("Cannot confirm " + binding
						+ ": GitHub accepted the write but the secret is not there. Another writer may have deleted it."));
			return new PushReceipt(stored.value().updatedAt(), write.keyId(), new Validators(stored.etag()));
		}, binding);
	}

	@Override
	public void delete(Binding binding) {
		guarded(() -> {
			try {
				client.deleteSecret(binding);
			}
			catch (GitHubNotFoundException ex) {
				// Already gone: that is what was asked for.
			}
			return null;
		}, binding);
	}

	private <T> T guarded(java.util.function.Supplier<T> call, Binding binding) {
		return guarded(call);
	}

	/**
	 * Runs a call as this writer and sorts GitHub's failures into the engine's terms: the run stops on
	 * those every further call would meet too, else the one item fails. {@link GitHubOrgSecrets} shares it.
	 */
	<T> T guarded(java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (GitHubUnauthorizedException ex) {
			throw new RunAbortedException(writerRejected(ex), ex);
		}
		catch (GitHubRateLimitException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
		catch (GitHubCircuitOpenException ex) {
			// GitHub is failing: the remaining bindings would only meet the same outage (and hold the breaker open).
			throw new RunAbortedException(ex.getMessage(), ex);
		}
		catch (GitHubUnavailableException ex) {
			if (ex.status() == 0 && !transport.answers()) {
				String why = ex.getCause() == null ? "no answer" : ex.getCause().getClass().getSimpleName();
				throw new RunAbortedException("Cannot reach GitHub at " + transport.api() + ": nothing answers there ("
						+ why + "). Check GITHUB_API_URL and the network (DNS, proxy, firewall); nothing more is sent to "
						+ "GitHub in this run.", ex);
			}
			throw new ItemFailedException(ex.getMessage(), ex);
		}
		catch (GitHubException ex) {
			throw new ItemFailedException(ex.getMessage(), ex);
		}
	}

	/** A 401 here is always the writer's: say so, and how to replace it (not the bound token's problem). */
	private String writerRejected(GitHubUnauthorizedException ex) {
		if (owner != null) {
			return "The writer credential of " + owner + " (" + transport.credential().kind().description()
					+ ") was rejected by GitHub at " + transport.api() + " with 401: it is revoked, expired or wrong. Store "
					+ "a new one with 'botkeeper writer set --owner " + owner + " --pat' (or --app-id ID --installation-id "
					+ "ID for a GitHub App). No further calls are made with it in this run.";
		}
		return "The writer credential (" + transport.credential().kind().description() + ") was rejected by GitHub at "
				+ transport.api() + " with 401: it is revoked, expired or wrong. Store a new one with 'botkeeper writer "
				+ "set --pat' (or --app-id ID --installation-id ID for a GitHub App). No further GitHub calls are made in "
				+ "this run.";
	}

}
