package org.botkeeper.cli;

import picocli.CommandLine;

/**
 * The optional last argument {@code -} of every command that reads a secret, as in the vault CLI
 * ({@code vault login -}): the secret comes from standard input, which is where these commands read
 * it anyway (a no-echo prompt when stdin is a terminal). Any other word in that place is refused
 * without being repeated, because it is most likely the secret itself.
 */
final class StdinDash implements CommandLine.ITypeConverter<String> {

	static final String LABEL = "-";

	static final String DESCRIPTION = "'-' reads the secret from stdin, as without it (a no-echo prompt when stdin is a "
			+ "terminal). Nothing else is accepted here: a secret never goes on the command line.";

	@Override
	public String convert(String value) {
		if (!LABEL.equals(value)) {
			throw new CommandLine.TypeConversionException("only '-' (stdin) may follow here: a secret is never a "
					+ "command-line argument. Pipe it into stdin or type it at the no-echo prompt");
		}
		return value;
	}

}
