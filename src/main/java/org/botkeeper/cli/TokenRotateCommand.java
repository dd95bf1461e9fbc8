package org.botkeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;
import org.botkeeper.broker.SyncRun;
import org.botkeeper.broker.TokenRotation;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.FineGrainedTokenLink;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseHeldException;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.sync.TokenPermissions;
import org.botkeeper.vault.AccountStore;
import org.botkeeper.vault.MissingRecordException;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultPermissionException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code botkeeper token rotate OWNER/REPO}: GitHub has no API that creates a personal access token, so
 * rotation guides the person through the one step only they can do and does every other: the link to a
 * filled-in form, a check of the new token as itself, the store and the sync.
 */
@Command(name = "rotate", sortOptions = false,
		description = { "Replaces a binding's token with a new fine-grained one, checked before it is stored.",
				"Prints GitHub's token form filled in for the binding (owner, lifetime, permissions: --permission,",
				"else those --config declares, else the recorded ones; stderr says which), reads the new",
				"token from a no-echo prompt or the first line of stdin, and uses it as itself: GitHub must accept it",
				"(else: expired or revoked), it must be the bot account's recorded in Vault ('botkeeper account set';",
				"with none recorded, nothing is rotated), read the repository, and, for contents:write, GitHub must",
				"report that the bot can push there. Only then is it stored as a new version (check-and-set), with",
				"the expiry GitHub reports and the permissions asked for (the next rotation asks for them again),",
				"and synced to that one binding. The old token is then yours to delete on GitHub: it says where.",
				"A refused token stores nothing and exits 2. Without a writer credential in Vault, or as an admin",
				"(who cannot read it), the token is stored and 'botkeeper serve' or 'botkeeper sync OWNER/REPO' as",
				"the broker syncs it. App-mode bindings mint their tokens: nothing to rotate (exit 2).", "",
				"Examples:", "  botkeeper token rotate jupyterhub/binderhub",
				"  botkeeper token rotate jupyterhub/binderhub --permission contents:write --permission pull_requests:write",
				"  botkeeper token rotate jupyterhub/binderhub --config botkeeper.yaml" })
final class TokenRotateCommand implements java.util.concurrent.Callable<Integer> {

	/** Stored, and syncing is left to the broker (said on stderr): the rotation itself succeeded. */
	private static final int NOT_SYNCED = -1;

	@Mixin
	private VaultContext context;

	@Parameters(index = "0", paramLabel = "OWNER/REPO", description = "The repository whose token is replaced.")
	private String repository;

	@Parameters(index = "1", arity = "0..1", paramLabel = StdinDash.LABEL, converter = StdinDash.Only.class,
			description = StdinDash.DESCRIPTION)
	private String stdin;

	@Option(names = "--permission", paramLabel = "NAME:LEVEL",
			description = "A permission of the new token, GitHub's name and read, write or admin; repeat for more. "
					+ "Recorded with the token for the next rotation (default: the ones --config declares, else the "
					+ "recorded ones, else " + RotationPermissions.DEFAULT + ").")
	private List<String> permissions;

	@Option(names = "--config", paramLabel = "PATH", description = "A bindings file (botkeeper.yaml), checked before "
			+ "Vault is asked: the permissions it declares for the repository fill the form (unless --permission is "
			+ "given), and a token bound elsewhere than declared is not rotated (exit 2).")
	private Path config;

	@Option(names = "--expires-in", paramLabel = "DAYS", defaultValue = "90",
			description = "Lifetime the form proposes, 1 to 366 days (default 90; an organisation policy may allow less).")
	private int expiresIn;

	@Override
	public Integer call() {
		RepositoryName repo = RepositoryName.parse(repository);
		if (expiresIn < 1 || expiresIn > 366) {
			throw UserFacingException.badInput("Invalid --expires-in " + expiresIn + ": GitHub takes 1 to 366 days.");
		}
		Map<String, String> asked = permissions == null ? null : RotationPermissions.asked(permissions);
		Map<String, String> env = context.env();
		// Read before anything is contacted: a file with a mistake stops the rotation at exit 2.
		BindingsFile declared = config == null ? null : BindingsCheckView.read(config, env, context.layout());
		context.layout();
		BrokerSettings settings = context.settings(env);
		VaultOptions.Session session = context.open();
		TokenStore tokens = new TokenStore(session.connection(), session.layout(), session.defaults(),
				Policy.ADMIN.policyName());
		TokenRecord current = tokens.record(repo)
			.orElseThrow(() -> UserFacingException.badInput("No token record for " + repo + " in Vault: rotation "
					+ "replaces a binding's token. Store the first one with 'botkeeper token put " + repo + "'."));
		if (current.app() != null) {
			throw UserFacingException.badInput(current.binding() + " is in GitHub App mode (App " + current.app().appId()
					+ "): the broker mints a new installation token for every push, so there is no token to rotate. "
					+ "A new App key goes in with 'botkeeper token put " + repo + " --app-id " + current.app().appId()
					+ " --installation-id " + current.app().installationId() + " < app-private-key.pem'.");
		}
		String bot = new AccountStore(session.connection(), session.layout()).show()
			.map(AccountStore.AccountInfo::login)
			.orElseThrow(() -> UserFacingException.badInput("No bot account is recorded in Vault, so botkeeper cannot "
					+ "check that a new token is the bot's. Record it first: botkeeper account set --login NAME. "
					+ "Nothing was rotated."));
		Optional<BindingsFile.Declaration> declaration = declared == null ? Optional.empty()
				: declared.declarationOf(repo);
		held(declared, declaration, current);
		// A lambda, not declared::where: a method reference would dereference a null file at once.
		String declaredAt = declaration.map(d -> declared.where(d)).orElse(null);
		RotationPermissions chosen = RotationPermissions.choose(asked, declaredAt,
				declaration.map(BindingsFile.Declaration::permissions).orElse(List.of()), current.patPermissions());
		Map<String, String> needs = chosen.needs();
		FineGrainedTokenLink link = link(current, needs);
		context.err().println(chosen.source());
		guide(context.err(), bot, repo, link);
		PrintWriter out = context.out();
		try (SecretValue token = SecretValue.of(context.terminal().readSecret("New token for " + repo))) {
			TokenKind kind = TokenPutCommand.kind(token);
			BrokerAssembly assembly = new BrokerAssembly(session.connection(), settings, Clock.systemUTC());
			TokenRotation.Accepted accepted = assembly.tokenRotation().check(repo, token, bot, needs);
			LocalDate expiry = accepted.expiresAt().map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC)).orElse(null);
			TokenRecord stored = tokens.put(repo, token,
					new TokenStore.TokenChange(null, null, expiry, null, null, false, TokenPermissions.texts(needs)),
					current.version(), TokenPutCommand.lastPushed(session, repo));
			session.markChanged("The token for " + repo, markers -> markers.tokenChanged(repo), context.err());
			out.println("Stored the new " + kind.description() + " of " + accepted.login() + " for " + stored.binding()
					+ " as version " + stored.version() + (expiry != null ? ", expiring " + expiry + " as GitHub reports"
							: "; GitHub reports no expiry for it") + ".");
			out.flush();
			int synced = sync(assembly, repo);
			String old = "the one for " + repo + " that is not '" + link.name() + "'"
					+ (current.expiresAt() != null ? " (it expires " + current.expiresAt() + ")" : "");
			if (synced == ExitCodes.OK) {
				out.println("Now delete the token this one replaces, signed in to GitHub as " + bot + ": "
						+ FineGrainedTokenLink.TOKENS_PAGE + ", " + old + ".");
			}
			else {
				out.println("Keep the old token until the new one is synced, then delete it at "
						+ FineGrainedTokenLink.TOKENS_PAGE + " (signed in as " + bot + "): " + old + ".");
			}
			return synced == NOT_SYNCED ? ExitCodes.OK : synced;
		}
	}

	/** Syncs the one binding as {@code sync OWNER/REPO --yes} would. */
	private int sync(BrokerAssembly assembly, RepositoryName repo) {
		PrintWriter err = context.err();
		GitHubConnection github;
		try {
			github = assembly.github();
		}
		catch (MissingRecordException ex) {
			err.println("Not synced: there is no writer credential in Vault, so botkeeper cannot write to GitHub. Store "
					+ "one with 'botkeeper writer set', then run 'botkeeper sync " + repo + "'.");
			return NOT_SYNCED;
		}
		catch (VaultPermissionException ex) {
			err.println("Not synced: this Vault identity may not read the writer credential (the broker and "
					+ "break-glass do). 'botkeeper serve' syncs it on its next cycle, or run 'botkeeper sync " + repo
					+ "' as the broker.");
			return NOT_SYNCED;
		}
		SyncEngine engine = assembly.engine(github);
		SyncEngine.PlannedRun planned = engine.plan(Set.of(repo), Planner.Options.DEFAULT);
		SyncLease lease = assembly.lease(Duration.ofMinutes(2));
		LeaseHolder self = LeaseHolder.current("cli");
		AttendedRun hooks = new AttendedRun(err, run -> true); // rotating is asking for this binding's push
		try {
			return switch (new SyncRun(engine, () -> lease.acquire(self), hooks).run(planned)) {
				case SyncRun.Applied applied -> reported(applied.report().results(), err);
				case SyncRun.Unchanged unchanged -> unchanged(unchanged.planned().plan().items(), err);
				case SyncRun.LeaseHeld held -> {
					err.println("Not synced now: " + new LeaseHeldException(lease.holder()).getMessage());
					yield ExitCodes.REMOTE_FAILURE;
				}
				case SyncRun.Declined declined -> ExitCodes.REMOTE_FAILURE;
			};
		}
		finally {
			hooks.done();
		}
	}

	private static int reported(List<ItemResult> results, PrintWriter err) {
		boolean done = !results.isEmpty() && results.stream().allMatch(result -> result.status() == ItemResult.Status.DONE);
		if (!done) {
			err.println("The new token is stored but not synced (see above); the next sync tries again.");
		}
		return done ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	/** Nothing applied: a new version is never up to date, so this binding is blocked or failed. */
	private static int unchanged(List<PlanItem> items, PrintWriter err) {
		items.forEach(item -> err.println("Not synced: " + item.binding() + " " + item.action() + ": "
				+ item.explanation()));
		return ExitCodes.REMOTE_FAILURE;
	}

	/**
	 * Holds the record against the file before anyone makes a token. A record bound elsewhere than
	 * declared is refused, whether or not its binding was read from the value's own version: the new
	 * token would be stored and synced where the reviewed file says it should not go.
	 */
	private void held(BindingsFile file, Optional<BindingsFile.Declaration> declaration, TokenRecord current) {
		if (file == null) {
			return;
		}
		if (declaration.isEmpty()) {
			context.err().println(BindingsCheckView.undeclared(file, current.binding(), "rotating as usual"));
		}
		else if (!declaration.get().binding().equals(current.binding())) {
			throw UserFacingException.badInput(BindingsCheckView.differing(file, declaration.get(), current.binding(),
					"not rotated") + " Nothing was stored.");
		}
	}

	/**
	 * The form for this binding. The name carries the date because GitHub keeps names unique among a
	 * person's tokens, and the old token still exists while its successor is made.
	 */
	private FineGrainedTokenLink link(TokenRecord current, Map<String, String> needs) {
		RepositoryName repo = current.binding().repository();
		String date = " " + LocalDate.now(ZoneOffset.UTC);
		String base = repo.toString();
		if (base.length() + date.length() > FineGrainedTokenLink.NAME_LIMIT) {
			base = repo.repo();
		}
		base = base.substring(0, Math.min(base.length(), FineGrainedTokenLink.NAME_LIMIT - date.length()));
		String description = "Bot token for " + current.binding() + " (a GitHub Actions environment secret), kept in "
				+ "Vault and synced by botkeeper. Rotate it with: botkeeper token rotate " + repo;
		return new FineGrainedTokenLink(base + date, description, repo.owner(), expiresIn, needs);
	}

	private static void guide(PrintWriter err, String bot, RepositoryName repo, FineGrainedTokenLink link) {
		err.println("Create the new token signed in to GitHub as the bot, " + bot + " ('botkeeper account password' and "
				+ "'botkeeper totp code' give its login), with this filled-in form:");
		err.println("  " + link.url());
		err.println("In the form, under 'Repository access', choose 'Only select repositories' and select " + repo
				+ " (GitHub has no link parameter for that). Permissions: "
				+ String.join(", ", TokenPermissions.texts(link.permissions()))
				+ " (metadata:read comes with every token). Then generate it and paste it here.");
		err.flush();
	}

}
