package org.botkeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
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

	private static final JavaClasses BREACHES = new ClassFileImporter().importClasses(
			org.botkeeper.sync.LayeringBreach.class, org.botkeeper.serve.LayeringBreach.class,
			org.botkeeper.broker.LayeringBreach.class);

	/** Every package and subpackage is a slice of its own, so serve and serve.web may not import each other either. */
	static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.botkeeper.(**)").should().beFreeOfCycles();

	static final ArchRule SYNC_USES_THE_JDK_AND_CRYPTO_ONLY = classes().that()
		.resideInAPackage("org.botkeeper.sync..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java.lang..", "java.util..", "java.time..", "java.io..", "java.nio..", "java.math..",
				"org.botkeeper.sync..", "org.botkeeper.crypto..");

	static final ArchRule NOTHING_BELOW_USES_THE_COMMAND_LINE = noClasses().that()
		.resideInAnyPackage("org.botkeeper.sync..", "org.botkeeper.vault..", "org.botkeeper.github..",
				"org.botkeeper.broker..", "org.botkeeper.serve..", "org.botkeeper.crypto..", "org.botkeeper.config..",
				"org.botkeeper.failure..", "org.botkeeper.devvault..", "org.botkeeper.githubsim..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.botkeeper.cli..");

	static final ArchRule ONLY_THE_DEMO_USES_THE_SIMULATOR_AND_DEV_VAULTS = noClasses().that()
		.resideOutsideOfPackages("org.botkeeper.githubsim..", "org.botkeeper.devvault..", "org.botkeeper.demo..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.botkeeper.githubsim..", "org.botkeeper.devvault..");

	/** The broker is what the CLI runs too: it must not need Spring Boot's application context to work. */
	static final ArchRule THE_BROKER_IS_FREE_OF_SPRING_BOOT = noClasses().that()
		.resideInAPackage("org.botkeeper.broker..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.boot..", "org.springframework.context..",
				"org.springframework.beans..", "org.springframework.stereotype..", "org.springframework.web..",
				"org.springframework.scheduling..", "io.micrometer..");

	@Test
	void packagesShouldBeFreeOfCycles() {
		NO_PACKAGE_CYCLES.check(MAIN);
	}

	@Test
	void syncShouldDependOnTheJdkAndCryptoAlone() {
		SYNC_USES_THE_JDK_AND_CRYPTO_ONLY.check(MAIN);
	}

	@Test
	void adaptersBrokerAndServeShouldNotDependOnTheCommandLine() {
		NOTHING_BELOW_USES_THE_COMMAND_LINE.check(MAIN);
	}

	@Test
	void onlyTheDemoShouldUseTheGitHubSimulatorAndDevVaults() {
		ONLY_THE_DEMO_USES_THE_SIMULATOR_AND_DEV_VAULTS.check(MAIN);
	}

	@Test
	void theBrokerShouldNotNeedSpringBoot() {
		THE_BROKER_IS_FREE_OF_SPRING_BOOT.check(MAIN);
	}

	static Stream<Arguments> rulesAndTheirBreaches() {
		return Stream.of(
				Arguments.of("no package cycles", NO_PACKAGE_CYCLES, "org.botkeeper.sync.LayeringBreach",
						"org.botkeeper.serve.LayeringBreach"),
				Arguments.of("sync uses the JDK and crypto only", SYNC_USES_THE_JDK_AND_CRYPTO_ONLY,
						"org.botkeeper.sync.LayeringBreach", "java.net.http.HttpClient"),
				Arguments.of("nothing below uses the command line", NOTHING_BELOW_USES_THE_COMMAND_LINE,
						"org.botkeeper.serve.LayeringBreach", "org.botkeeper.cli.BotkeeperCommand"),
				Arguments.of("only the demo uses the simulator", ONLY_THE_DEMO_USES_THE_SIMULATOR_AND_DEV_VAULTS,
						"org.botkeeper.serve.LayeringBreach", "org.botkeeper.githubsim.GitHubSimulator"),
				Arguments.of("only the demo uses dev Vaults", ONLY_THE_DEMO_USES_THE_SIMULATOR_AND_DEV_VAULTS,
						"org.botkeeper.serve.LayeringBreach", "org.botkeeper.devvault.DevVaultLocator"),
				Arguments.of("the broker is free of Spring Boot", THE_BROKER_IS_FREE_OF_SPRING_BOOT,
						"org.botkeeper.broker.LayeringBreach", "org.springframework.context.ApplicationContext"));
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
