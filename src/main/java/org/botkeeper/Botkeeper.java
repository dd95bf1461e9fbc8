package org.botkeeper;

import org.botkeeper.cli.BotkeeperCommand;

/** The {@code botkeeper} command: parses the command line and exits with the command's code. */
public final class Botkeeper {

	private Botkeeper() {
	}

	public static void main(String[] args) {
		System.exit(BotkeeperCommand.commandLine().execute(args));
	}

}
