package org.botkeeper.cli;

/**
 * How a command prints its data on stdout: a table for people, JSON for scripts, and, for the commands
 * whose output goes into an issue or a wiki page ({@code footprint}, {@code access}), Markdown.
 */
public enum OutputFormat {

	TABLE, JSON, MARKDOWN

}
