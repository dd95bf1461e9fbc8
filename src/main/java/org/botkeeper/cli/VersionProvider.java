package org.botkeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** The version Maven stamped into {@code botkeeper-version.properties}, plus the Java runtime. */
public final class VersionProvider implements CommandLine.IVersionProvider {

	public static String version() {
		Properties properties = new Properties();
		try (InputStream in = VersionProvider.class.getResourceAsStream("/botkeeper-version.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			return "unknown";
		}
		return properties.getProperty("version", "unknown");
	}

	@Override
	public String[] getVersion() {
		return new String[] { "botkeeper " + version(),
				"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" };
	}

}
