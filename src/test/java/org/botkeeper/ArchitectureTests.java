package org.botkeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering CONTRIBUTING.md describes, held by the compiler's output rather than by review. */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.botkeeper");

	@Test
	void syncShouldDependOnNeitherVaultNorGitHubNorHttp() {
		noClasses().that()
			.resideInAPackage("org.botkeeper.sync..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.botkeeper.vault..", "org.botkeeper.github..", "org.botkeeper.githubsim..",
					"org.springframework.vault..", "org.springframework.http..", "org.springframework.web..",
					"org.kohsuke.github..", "java.net.http..")
			.allowEmptyShould(true)
			.check(MAIN);
	}

	@Test
	void adaptersAndTheServiceShouldNotDependOnTheCommandLine() {
		noClasses().that()
			.resideInAnyPackage("org.botkeeper.sync..", "org.botkeeper.vault..", "org.botkeeper.github..",
					"org.botkeeper.service..", "org.botkeeper.crypto..", "org.botkeeper.config..",
					"org.botkeeper.failure..", "org.botkeeper.devvault..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.botkeeper.cli..")
			.check(MAIN);
	}

	@Test
	void onlyTheDemoShouldStartTheGitHubSimulator() {
		noClasses().that()
			.resideOutsideOfPackages("org.botkeeper.githubsim..", "org.botkeeper.cli.demo..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.botkeeper.githubsim..")
			.allowEmptyShould(true)
			.check(MAIN);
	}

}
