package org.botkeeper.cli;

import picocli.CommandLine.Option;

/** The {@code --format table|json} option every data-printing command has ({@link TableOptions} adds {@code --wide}). */
class FormatOption {

	@Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
			description = "Output format: table (default) or json.")
	OutputFormat format = OutputFormat.TABLE;

	boolean json() {
		return format == OutputFormat.JSON;
	}

}
