package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine;

/**
 * A secret is never a flag value: every option and parameter of every command is listed, and any that
 * takes a value must be one of the known non-secret kinds. A secret typed on the command line anyway
 * is refused before any network call, and the refusal does not echo it.
 */
class SecretsOnArgvTests {

	/**
	 * The value labels a non-secret option may carry: paths, names, formats, ids, dates, notes, and what
	 * an OIDC role requires of a job (a workflow ref, an audience: claims, not credentials).
	 */
	private static final Set<String> NON_SECRET_LABELS = Set.of("PATH", "table|json", "OWNER/REPO", "POLICY", "NAME",
			"ID", "YYYY-MM-DD", "TEXT", "VERSION", "COMMAND", "ORG", "TEAM", "URL", "NAME=LEVEL[,...]", "DURATION",
			"SCOPE[,SCOPE...]", "OWNER", "LOGIN", "CIDR[,CIDR...]", StdinDash.LABEL, "bash|zsh", "openbao|vault", "REF",
			"AUDIENCE", "NAME:LEVEL", "DAYS", "table|json|markdown", "environment|repository|dependabot",
			"REPO[,REPO...]");

	private static final Pattern SECRET_WORDS = Pattern
		.compile("(?i)token|passw|secret|pat\\b|-pat$|key|seed|otp|credential|otpauth|uri|value|private");

	/**
	 * Names that mention a secret but hold none: what the secret is called, where it is mounted, how long
	 * the broker's secret ids live and where its secret ids and tokens may be used from.
	 */
	private static final Set<String> NAMES_NOT_VALUES = Set.of("--secret-name", "--totp-mount", "--secret-id-ttl",
			"--secret-id-bound-cidrs", "--token-bound-cidrs");

	@Test
	void noOptionOfAnyCommandShouldTakeASecretValue() {
		List<String> offending = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		walk(org.botkeeper.Botkeeper.commandLine(org.botkeeper.cli.Terminal.system(), java.util.Map.of()), offending, seen);
		assertThat(seen).as("the walk reached the commands").hasSizeGreaterThan(40);
		assertThat(offending).as("options or parameters that could carry a secret on argv").isEmpty();
	}

	private static void walk(CommandLine command, List<String> offending, List<String> seen) {
		String name = command.getCommandSpec().qualifiedName();
		List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
		args.addAll(command.getCommandSpec().positionalParameters());
		for (ArgSpec arg : args) {
			String label = arg.paramLabel();
			String names = arg.isOption() ? String.join(",", ((CommandLine.Model.OptionSpec) arg).names()) : "<" + label + ">";
			seen.add(name + " " + names);
			boolean takesValue = arg.arity().max() > 0 && arg.type() != boolean.class && arg.type() != Boolean.class;
			if (!takesValue) {
				continue;
			}
			boolean secretish = arg.isOption() && ((CommandLine.Model.OptionSpec) arg).names().length > 0
					&& java.util.Arrays.stream(((CommandLine.Model.OptionSpec) arg).names())
						.anyMatch(n -> SECRET_WORDS.matcher(n).find() && !NAMES_NOT_VALUES.contains(n));
			if (secretish || !NON_SECRET_LABELS.contains(label)) {
				offending.add(name + " " + names + " " + label);
			}
		}
		command.getSubcommands().values().forEach(sub -> walk(sub, offending, seen));
	}

	/** The commands that read a secret, each with the arguments it needs besides the secret. */
	private static final List<List<String>> SECRET_READERS = List.of(List.of("token", "put", "jupyterhub/binderhub"),
			List.of("writer", "set", "--pat"), List.of("account", "set", "--login", "bot"), List.of("totp", "import"),
			List.of("bot-token", "set"), List.of("account", "recovery", "set"), List.of("login"),
			List.of("token", "rotate", "jupyterhub/binderhub"),
			List.of("org-secret", "put", "--secret-name", "BOT_PAT", "--repositories", "binderhub", "jupyterhub"));

	@Test
	void everyCommandThatReadsASecretShouldTakeADashForStdinAndNothingElseThere() {
		List<String> withDash = new ArrayList<>();
		collectDashes(org.botkeeper.Botkeeper.commandLine(org.botkeeper.cli.Terminal.system(), java.util.Map.of()), withDash);
		assertThat(withDash).as("commands with a '-' parameter").containsExactlyInAnyOrderElementsOf(
				SECRET_READERS.stream().map(args -> String.join(" ", args.stream().takeWhile(a -> !a.contains("/")
						&& !a.startsWith("-") && !a.equals("bot")).toList())).toList());
		for (List<String> args : SECRET_READERS) {
			List<String> dash = new ArrayList<>(args);
			dash.add("-");
			org.botkeeper.Botkeeper.commandLine(org.botkeeper.cli.Terminal.system(), java.util.Map.of()).parseArgs(dash.toArray(String[]::new));
			List<String> secret = new ArrayList<>(args);
			String pat = LeakCanaries.fineGrainedPat();
			secret.add(pat);
			CliRun run = CliRun.withEnv(Map.of("VAULT_ADDR", "http://127.0.0.1:1", "VAULT_TOKEN", "x"), "",
					secret.toArray(String[]::new));
			assertThat(run.exitCode()).as(String.join(" ", args) + " <pat>: " + run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).as(String.join(" ", args)).contains("only '-' (stdin) may follow here");
		}
	}

	private static void collectDashes(CommandLine command, List<String> found) {
		if (command.getCommandSpec().positionalParameters().stream().anyMatch(p -> StdinDash.LABEL.equals(p.paramLabel()))) {
			found.add(command.getCommandSpec().qualifiedName(" ").replaceFirst("^botkeeper ", ""));
		}
		command.getSubcommands().values().forEach(sub -> collectDashes(sub, found));
	}

	@Test
	void aSecretTypedOnTheCommandLineShouldBeRefusedBeforeAnyConnectionAndNotEchoed() throws IOException {
		try (ServerSocket vault = new ServerSocket(0)) {
			vault.setSoTimeout(200);
			Map<String, String> env = Map.of("VAULT_ADDR", "http://127.0.0.1:" + vault.getLocalPort(), "VAULT_TOKEN",
					"hvs.not-a-real-token", "HOME", System.getProperty("user.home"));
			String pat = LeakCanaries.fineGrainedPat();
			for (String[] argv : List.of(new String[] { "token", "put", "jupyterhub/binderhub", pat },
					new String[] { "token", "put", "jupyterhub/binderhub", "--token=" + pat },
					new String[] { "token", "put", "jupyterhub/binderhub", "--value", pat },
					new String[] { "writer", "set", "--pat", pat }, new String[] { "account", "set", "--password", pat },
					new String[] { "totp", "import", "otpauth://totp/x?secret=" + pat })) {
				CliRun run = CliRun.withEnv(env, "", argv);
				assertThat(run.exitCode()).as(String.join(" ", argv).replace(pat, "<pat>") + ": " + run.describe())
					.isEqualTo(ExitCodes.BAD_INPUT);
			}
			assertThat(accepted(vault)).as("no connection reached Vault").isFalse();
		}
	}

	private static boolean accepted(ServerSocket socket) throws IOException {
		try (var ignored = socket.accept()) {
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

}
