package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingTests {

	@Test
	void everyTrainedCommandShouldSucceedAgainstTheStandIn() throws Exception {
		// A command that failed would train the cache on its error path, not on a real answer.
		assertThat(StartupTraining.run()).containsExactly(0, 0, 0);
	}

	@Test
	void theStandInShouldKnowOnlyMadeUpValues() {
		assertThat(String.join("\n", StartupTraining.ANSWERS.values())).contains("\"000000\"", "not-a-password")
			.doesNotContainPattern("\"code\":\"(?!000000)");
	}

	/**
	 * What makes the short commands quick, seen in a fresh JVM: the trained commands load no picocli class
	 * (ShortCommands runs them; picocli's Java 5 classes stay out of the AOT cache and reflecting over the
	 * commands' annotations is slow in a cold JVM), no other command, nor spring-vault's client (RestClient,
	 * Jackson databind, the JDK HttpClient), nor logging. Any of them back costs tens of milliseconds with
	 * the AOT cache, a second or more without.
	 */
	@Test
	void theShortCommandsShouldNotLoadWhatTheyDoNotNeed(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("classes.log");
		Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"),
				StartupTraining.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("output.txt").toFile())
			.start();
		assertThat(java.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(java.exitValue()).as(Files.readString(dir.resolve("output.txt"))).isZero();
		List<String> loaded = Files.readAllLines(log);
		assertThat(loaded).anyMatch(line -> line.contains(" org.botkeeper.cli.TotpCodeOptions "))
			.anyMatch(line -> line.contains(" org.botkeeper.vault.PlainGet "));
		for (String unwanted : List.of("picocli.CommandLine", "org.botkeeper.cli.TotpCommand",
				"org.botkeeper.cli.WriterSetCommand$Kind", "org.botkeeper.vault.InitStep",
				"org.springframework.web.client.DefaultRestClient", "org.springframework.vault.core.VaultTemplate",
				"tools.jackson.databind.ObjectMapper",
				"java.net.http.HttpClient", "ch.qos.logback.classic.LoggerContext")) {
			assertThat(loaded).as(unwanted).noneMatch(line -> line.contains(" " + unwanted + " "));
		}
	}

}
