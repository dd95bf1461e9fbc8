package org.botkeeper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.botkeeper.cli.ShortCommands;
import org.botkeeper.cli.Terminal;

/**
 * The training run of the launcher's ahead-of-time cache (bin/botkeeper, JDK 25+): the short commands a
 * person runs most, answered by a stand-in for Vault on a loopback port of this process, so the cache holds
 * the classes of a real answer (HTTP, JSON, printing the code) and never talks to a real server. The
 * stand-in knows only made-up values ({@link #ANSWERS}); no token, code or password of anyone's goes near
 * the cache. Output is discarded.
 */
public final class StartupTraining {

	/** The commands trained, as a person types them. */
	static final List<List<String>> COMMANDS = List.of(List.of("--version"), List.of("totp"),
			List.of("account", "password"));

	/** What the stand-in answers, by path; anything else is Vault's 404 for a missing record. */
	static final Map<String, String> ANSWERS = Map.of(
			"/v1/botkeeper-totp/keys/account",
			"{\"data\":{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"issuer\":\"training\",\"account_name\":\"training\"}}",
			"/v1/botkeeper-totp/code/account", "{\"data\":{\"code\":\"000000\"}}",
			"/v1/sys/seal-status", "{\"type\":\"shamir\",\"initialized\":true,\"sealed\":false}",
			"/v1/botkeeper/data/account",
			"{\"data\":{\"data\":{\"login\":\"training\",\"password\":\"not-a-password\"},\"metadata\":{\"version\":1}}}");

	private StartupTraining() {
	}

	public static void main(String[] args) throws IOException {
		run();
	}

	/** Runs {@link #COMMANDS} against the stand-in; the exit codes, in order. */
	static List<Integer> run() throws IOException {
		HttpServer vault = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		vault.createContext("/", exchange -> {
			String answer = ANSWERS.get(exchange.getRequestURI().getPath());
			byte[] body = (answer == null ? "{\"errors\":[]}" : answer).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		vault.start();
		try {
			Map<String, String> env = Map.of("VAULT_ADDR", "http://127.0.0.1:" + vault.getAddress().getPort(),
					"VAULT_TOKEN", "training", "HOME", System.getProperty("user.home"));
			List<Integer> codes = new ArrayList<>();
			for (List<String> command : COMMANDS) {
				String[] argv = command.toArray(String[]::new);
				// The way Botkeeper.main runs them: these all take the short path (ShortCommands).
				Terminal terminal = Terminal.pipe(new ByteArrayInputStream(new byte[0]));
				PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
				codes.add(ShortCommands.run(terminal, env, List.of(), discard, discard, argv).orElseGet(() -> {
					var commandLine = Botkeeper.commandLineFor(terminal, env, argv);
					commandLine.setOut(discard);
					commandLine.setErr(discard);
					return commandLine.execute(argv);
				}));
			}
			return codes;
		}
		finally {
			vault.stop(0);
		}
	}

}
