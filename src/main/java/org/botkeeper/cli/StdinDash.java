package org.botkeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/**
 * The optional last argument {@code -} of every command that reads a secret, as in the vault CLI
 * ({@code vault login -}): the secret comes from standard input, which is where these commands read
 * it anyway (a no-echo prompt when stdin is a terminal). Any other word in that place is refused
 * without being repeated, because it is most likely the secret itself.
 *
 * <p>A mixin ({@code @Mixin StdinDash stdin}) for commands whose only positional it is; a command with
 * positionals before it declares the parameter itself with {@link Only} as converter.
 */
final class StdinDash {

	static final String LABEL = "-";

	static final String DESCRIPTION = "'-' reads the secret from stdin, as without it (a no-echo prompt when stdin is a "
			+ "terminal). Nothing else is accepted here: a secret never goes on the command line.";

	@Parameters(index = "0", arity = "0..1", paramLabel = LABEL, converter = Only.class, description = DESCRIPTION)
	private String dash;

	/** Accepts {@code -} and nothing else. */
	static final class Only implements CommandLine.ITypeConverter<String> {

		@Override
		public String convert(String value) {
			if (!LABEL.equals(value)) {
				throw new CommandLine.TypeConversionException("only '-' (stdin) may follow here: a secret is never a "
						+ "command-line argument. Pipe it into stdin or type it at the no-echo prompt");
			}
			return value;
		}

	}

}
