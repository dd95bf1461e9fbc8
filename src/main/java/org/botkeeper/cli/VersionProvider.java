package org.botkeeper.cli;

import picocli.CommandLine;

/** picocli's view of {@link Version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

	@Override
	public String[] getVersion() {
		return Version.lines();
	}

}
