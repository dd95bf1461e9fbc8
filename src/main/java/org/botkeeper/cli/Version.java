package org.botkeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code botkeeper --version} prints: the version Maven stamped into {@code botkeeper-version.properties},
 * plus the Java runtime. Apart from {@link VersionProvider}, so that {@link ShortCommands} prints it
 * without loading picocli.
 */
final class Version {

	private Version() {
	}

	static String[] lines() {
		return new String[] { "botkeeper " + number(),
				"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" };
	}

	private static String number() {
		Properties properties = new Properties();
		try (InputStream in = Version.class.getResourceAsStream("/botkeeper-version.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			return "unknown";
		}
		return properties.getProperty("version", "unknown");
	}

}
