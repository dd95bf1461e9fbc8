package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.List;

import org.botkeeper.sync.Binding;
import org.botkeeper.vault.TokenDefaults;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of commands that print tables, {@code --format} and {@code --wide}, and how those tables print: in 120 columns
 * (the last column, free text, wraps onto lines of its own), with a binding as {@code owner/repo} when it
 * uses the default environment and secret name; with {@code --wide}, one line per row however wide, and
 * every binding as {@code owner/repo:environment/NAME}.
 */
final class TableOptions extends FormatOption {

	@Option(names = "--wide",
			description = "Tables: one line per row however wide, each binding with its environment and secret "
					+ "name (default: 120 columns, long text wrapped, default targets as OWNER/REPO).")
	boolean wide;

	@CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
	private CommandLine.Model.CommandSpec mixee;

	private TokenDefaults defaults;

	private boolean shortened;

	/** The binding as a table shows it: {@code owner/repo} for the default target, else in full. */
	String binding(Binding binding) {
		if (defaults == null) {
			defaults = TokenDefaults.fromEnvironment(BotkeeperCommand.env(mixee));
		}
		if (wide || !binding.inEnvironment(defaults.environment())
				|| !binding.secretName().equals(defaults.secretName())) {
			return binding.toString();
		}
		shortened = true;
		return binding.repository().toString();
	}

	/** Prints the table, and on stderr what a short binding stands for when one was shortened. */
	void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
		Output.table(out, headers, rows, wide ? Integer.MAX_VALUE : Output.WIDTH);
		if (shortened) {
			PrintWriter err = mixee.commandLine().getErr();
			err.println("A binding shown as OWNER/REPO goes to environment '" + defaults.environment() + "', secret "
					+ defaults.secretName() + " (the defaults); --wide shows every binding in full.");
			err.flush();
			shortened = false;
		}
	}

}
