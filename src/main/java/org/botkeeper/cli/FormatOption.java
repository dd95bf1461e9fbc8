package org.botkeeper.cli;

import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --format table|json} option every data-printing command has ({@link TableOptions} adds {@code --wide}). */
class FormatOption {

	@Option(names = "--format", paramLabel = "table|json", defaultValue = "table", converter = TableOrJson.class,
			description = "Output format: table (default) or json.")
	OutputFormat format = OutputFormat.TABLE;

	boolean json() {
		return format == OutputFormat.JSON;
	}

	/**
	 * "table" or "json", in any case; for "markdown", which two commands print, a message that names them
	 * rather than picocli's list of this option's values alone.
	 */
	static final class TableOrJson implements CommandLine.ITypeConverter<OutputFormat> {

		@Override
		public OutputFormat convert(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "table" -> OutputFormat.TABLE;
				case "json" -> OutputFormat.JSON;
				case "markdown" -> throw new CommandLine.TypeConversionException(
						"this command prints table or json; markdown is printed by 'botkeeper access', 'botkeeper "
								+ "audit' and 'botkeeper footprint'");
				default -> throw new CommandLine.TypeConversionException("expected table or json");
			};
		}

	}

}
