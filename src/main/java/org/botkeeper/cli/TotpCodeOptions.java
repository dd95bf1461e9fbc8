package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.vault.TotpStore;
import org.botkeeper.vault.TotpStore.TotpCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code botkeeper totp} and {@code botkeeper totp code} share: their options and printing the
 * code (table or JSON, with the seconds it stays valid and a warning when the clocks disagree).
 */
final class TotpCodeOptions {

	/** Below this, a person cannot type the code in time: --fresh waits for the next step. */
	static final int MIN_SECONDS = 5;

	// Made here, not by picocli (which fills these same objects), so that ShortCommands can run the defaults.
	@Mixin
	private VaultOptions vault = new VaultOptions();

	@Mixin
	private FormatOption format = new FormatOption();

	@Option(names = "--fresh", description = "When fewer than 5 seconds are left, wait for the next code.")
	private boolean fresh;

	void print(CommandContext context) {
		VaultOptions.Session session = vault.open(context.env());
		TotpStore store = new TotpStore(session.connection(), session.layout(), session.clock());
		TotpCode code = store.code();
		if (fresh && code.secondsLeft() < MIN_SECONDS) {
			context.err().println("Waiting " + code.secondsLeft() + " s for a fresh code...");
			sleep(code.secondsLeft() * 1000L + 200);
			code = store.code();
		}
		java.time.Instant local = session.clock().instant();
		session.connection()
			.serverDate()
			.flatMap(server -> ClockSkew.warning(local, server))
			.ifPresent(context.err()::println);
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("code", code.code());
			json.put("seconds_left", code.secondsLeft());
			json.put("period", code.period());
			Output.json(context.out(), json);
			return;
		}
		context.out().println(code.code());
		context.out().flush();
		context.err().println("(valid for " + Output.count(code.secondsLeft(), "more second", "more seconds")
				+ ")");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("Interrupted while waiting for a fresh code.");
		}
	}

}
