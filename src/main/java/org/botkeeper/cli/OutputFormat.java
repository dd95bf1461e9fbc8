package org.botkeeper.cli;

/** How a command prints its data on stdout: a table for people, JSON for scripts. */
public enum OutputFormat {

	TABLE, JSON

}
