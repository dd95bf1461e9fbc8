package org.botkeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering CONTRIBUTING.md describes, held by the compiler's output rather than by review. No rule allows
 * an empty subject (a misspelt package would otherwise pass in silence), and each rule is shown to
 * report a breach: the {@code LayeringBreach} classes of the test sources break them on purpose.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.botkeeper");

	private static final JavaClasses BREACHES = new ClassFileImporter()
		.importClasses(org.botkeeper.sync.LayeringBreach.class, org.botkeeper.service.LayeringBreach.class);

	static final ArchRule SYNC_IS_FREE_OF_ADAPTERS = noClasses().that()
		.resideInAPackage("org.botkeeper.sync..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.botkeeper.vault..", "org.botkeeper.github..", "org.botkeeper.githubsim..",
				"org.springframework.vault..", "org.springframework.http..", "org.springframework.web..",
				"org.kohsuke.github..", "java.net.http..");

	static final ArchRule NOTHING_BELOW_USES_THE_COMMAND_LINE = noClasses().that()
		.resideInAnyPackage("org.botkeeper.sync..", "org.botkeeper.vault..", "org.botkeeper.github..",
				"org.botkeeper.service..", "org.botkeeper.crypto..", "org.botkeeper.config..", "org.botkeeper.failure..",
				"org.botkeeper.devvault..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.botkeeper.cli..");

	static final ArchRule ONLY_THE_DEMO_STARTS_THE_SIMULATOR = noClasses().that()
		.resideOutsideOfPackages("org.botkeeper.githubsim..", "org.botkeeper.cli.demo..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.botkeeper.githubsim..");

	@Test
	void syncShouldDependOnNeitherVaultNorGitHubNorHttp() {
		SYNC_IS_FREE_OF_ADAPTERS.check(MAIN);
	}

	@Test
	void adaptersAndTheServiceShouldNotDependOnTheCommandLine() {
		NOTHING_BELOW_USES_THE_COMMAND_LINE.check(MAIN);
	}

	@Test
	void onlyTheDemoShouldStartTheGitHubSimulator() {
		ONLY_THE_DEMO_STARTS_THE_SIMULATOR.check(MAIN);
	}

	static Stream<Arguments> rulesAndTheirBreaches() {
		return Stream.of(Arguments.of("sync free of adapters", SYNC_IS_FREE_OF_ADAPTERS, "org.botkeeper.sync.LayeringBreach",
				"java.net.http.HttpClient"),
				Arguments.of("nothing below uses the command line", NOTHING_BELOW_USES_THE_COMMAND_LINE,
						"org.botkeeper.service.LayeringBreach", "org.botkeeper.cli.BotkeeperCommand"),
				Arguments.of("only the demo starts the simulator", ONLY_THE_DEMO_STARTS_THE_SIMULATOR,
						"org.botkeeper.service.LayeringBreach", "org.botkeeper.githubsim.GitHubSimulator"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rulesAndTheirBreaches")
	void eachRuleShouldReportABreachOfIt(String name, ArchRule rule, String breach, String target) {
		EvaluationResult result = rule.evaluate(BREACHES);

		assertThat(result.hasViolation()).as(name + " reports " + breach).isTrue();
		assertThat(result.getFailureReport().getDetails())
			.anySatisfy(detail -> assertThat(detail).contains(breach).contains(target));
	}

}
