package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.botkeeper.cli.ShortCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bin/botkeeper} and {@code bin/java-lookup.sh} do before the JVM starts. */
class LauncherScriptTests {

	/**
	 * Debian's /usr/bin/java is a link into the JDK: its version comes from the JDK's release file found
	 * through the link, not from starting that JVM (~60 ms on every command). The fake java here records
	 * that it ran.
	 */
	@Test
	void aLinkedJavaShouldBeReadFromTheReleaseFileBehindTheLink(@TempDir Path dir) throws Exception {
		Path jdk = fakeJdk(dir.resolve("jdk"), "JAVA_VERSION=\"25.0.1\"");
		Path bin = Files.createDirectories(dir.resolve("usr/bin"));
		Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));

		assertThat(javaMajor(bin.resolve("java"))).isEqualTo("25");
		assertThat(dir.resolve("jdk/ran")).as("the JVM was not started").doesNotExist();
	}

	@Test
	void aJavaWithoutReleaseFileShouldStillBeAsked(@TempDir Path dir) throws Exception {
		Path jdk = fakeJdk(dir.resolve("jdk"), null);

		assertThat(javaMajor(jdk.resolve("bin/java"))).isEqualTo("21");
		assertThat(dir.resolve("jdk/ran")).as("asked by starting it").exists();
	}

	/** The launcher starts the short commands with a lean JVM; its list must be ShortCommands' own. */
	@Test
	void theLauncherShouldTuneExactlyTheShortCommands() throws Exception {
		String launcher = Files.readString(Path.of("bin/botkeeper"));
		Matcher line = Pattern.compile("(?m)^\\s*(--version .*?)\\) java_opts\\+=").matcher(launcher);
		assertThat(line.find()).as("the case line of the short commands").isTrue();
		List<String> forms = Arrays.stream(line.group(1).split("\\|")).map(form -> form.strip().replace("\"", ""))
			.toList();
		assertThat(forms).isNotEmpty().allSatisfy(form -> assertThat(ShortCommands.handles(form.split(" ")))
			.as(form).isTrue());
		for (List<String> form : List.of(List.of("--version"), List.of("-V"), List.of("totp"), List.of("totp", "code"),
				List.of("account", "password"))) {
			assertThat(forms).contains(String.join(" ", form));
		}
	}

	/** A JDK directory whose bin/java prints Java 21's properties and leaves a file saying it ran. */
	private static Path fakeJdk(Path home, String release) throws Exception {
		Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
		Files.writeString(java, "#!/bin/sh\ntouch '" + home.resolve("ran") + "'\n"
				+ "echo '    java.specification.version = 21' >&2\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
		if (release != null) {
			Files.writeString(home.resolve("release"), release + "\n");
		}
		return home;
	}

	private static String javaMajor(Path java) throws Exception {
		Process bash = new ProcessBuilder("bash", "-c", ". bin/java-lookup.sh && java_major \"$1\"", "_", java.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new String(bash.getInputStream().readAllBytes()).strip();
	}

}
