package org.botkeeper.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.botkeeper.serve.ServeApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Starts the real {@code serve} (its Spring application) in this JVM with environment variables of the
 * test's own in place of the process's, as {@link CliRun} does for the CLI: serve reads its variables
 * through Spring's environment, so a test can hand it {@code GITHUB_API_URL}, {@code BAO_ADDR}, ... without
 * touching the real environment.
 */
public final class ServeWithEnvironment {

	private ServeWithEnvironment() {
	}

	/** serve with {@code variables} as its whole environment, and {@code args} as its command line. */
	public static ConfigurableApplicationContext start(Map<String, String> variables, WebApplicationType web,
			String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		SpringApplication application = new SpringApplication(ServeApplication.class);
		application.setWebApplicationType(web);
		application.setEnvironment(environment);
		return application.run(args);
	}

}
