package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.serve.ServeApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code botkeeper serve}: the always-on broker. */
@Command(name = "serve", mixinStandardHelpOptions = true, footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
		description = { "Runs the always-on broker with its status page, health and metrics.", "",
				"Runs the broker: syncs on a schedule (runs never overlap; failures back off) and, between runs, pushes",
				"what a change marked in Vault by token put|rm or writer set names within seconds; with a",
				"status page at /, a JSON API at /api/status (and /api/access: who can get the bot's credentials, where",
				"serve's token may review it), health at /actuator/health and Prometheus metrics at",
				"/actuator/prometheus. Logs in to Vault with AppRole (botkeeper.vault.role-id-file and secret-id-file,",
				"the secret id optionally response-wrapped), in a Kubernetes pod with its service-account token",
				"(botkeeper.vault.kubernetes-role; kubernetes-token-file, kubernetes-path (kubernetes)), else with",
				"VAULT_TOKEN. Settings are botkeeper.* properties,",
				"given as --name=value arguments or environment variables (BOTKEEPER_SCHEDULE_INTERVAL=1m). What sync reads too",
				"is read by the same name: GITHUB_API_URL, BOTKEEPER_WRITE_GAP, VAULT_* or BAO_* (an argument wins).", "",
				"Settings: botkeeper.schedule.interval (5m), botkeeper.schedule.max-backoff (30m),",
				"botkeeper.schedule.change-poll (2s; 0s: off), botkeeper.reminders.repository (BOTKEEPER_REMINDER_REPOSITORY;",
				"unset: no reminders), botkeeper.reminders.days (30,14,3), botkeeper.schedule.reminders (1d),",
				"botkeeper.schedule.token-check (as the reminders while they run, else off; 0s: off),",
				"botkeeper.footprint.interval (1h; off), botkeeper.access.interval (1h; off), botkeeper.audit.file",
				"(BOTKEEPER_AUDIT_FILE: Vault's audit log, followed for reads of the password; unset: not followed),",
				"botkeeper.config (BOTKEEPER_CONFIG: a botkeeper.yaml held against",
				"Vault on every run, as sync --config; unset: none),",
				"botkeeper.github.api-url, botkeeper.github.write-gap (1s), botkeeper.account (one bot's mounts; a",
				"serve serves one bot), botkeeper.kv-mount, botkeeper.totp-mount,",
				"botkeeper.environment, botkeeper.secret-name, botkeeper.lease-ttl (2m), botkeeper.vault.address (else",
				"VAULT_ADDR), botkeeper.vault.role-name (botkeeper-broker), server.port (8080), server.address (127.0.0.1).",
				"Vault and GitHub need https (plain http only to this machine); the AppRole files must be mode 600.", "",
				"Examples:",
				"  botkeeper serve --botkeeper.vault.role-id-file=/run/bk/role-id --botkeeper.vault.secret-id-file=/run/bk/secret-id",
				"  BOTKEEPER_SCHEDULE_INTERVAL=1m VAULT_TOKEN=... botkeeper serve --server.port=9090" })
final class ServeCommand implements Callable<Integer> {

	@CommandLine.Unmatched
	private List<String> springArguments = new ArrayList<>();

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		SpringApplication application = withVariables(BotkeeperCommand.env(spec));
		application.setWebApplicationType(WebApplicationType.SERVLET);
		ConfigurableApplicationContext context;
		try {
			context = application.run(springArguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw startFailure(ex);
		}
		CountDownLatch closed = new CountDownLatch(1);
		context.addApplicationListener(event -> {
			if (event instanceof org.springframework.context.event.ContextClosedEvent) {
				closed.countDown();
			}
		});
		closed.await();
		return ExitCodes.OK;
	}

	/**
	 * serve with {@code env} as its environment variables: the ones the command line was given, which every
	 * other command reads too (the process's in {@code main}, a test's own map in-process), so that VAULT_* or
	 * BAO_*, HOME and BOTKEEPER_* reach serve from there and not from whichever process happens to run it.
	 */
	private static SpringApplication withVariables(Map<String, String> env) {
		return new SpringApplication(ServeApplication.class) {
			@Override
			protected void configurePropertySources(ConfigurableEnvironment environment, String[] args) {
				super.configurePropertySources(environment, args);
				environment.getPropertySources()
					.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
									new HashMap<>(env)));
			}
		};
	}

	/**
	 * Why start-up failed, in the one line a person reads: a refusal of ours keeps its message and exit
	 * code; settings that fail validation are named with what is wrong (Spring Boot's report above has them too).
	 */
	private static RuntimeException startFailure(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UserFacingException || cause instanceof org.botkeeper.vault.VaultException
					|| cause instanceof org.botkeeper.github.GitHubException) {
				return (RuntimeException) cause; // ours: the error reporter knows its message and exit code
			}
			if (cause instanceof BindValidationException invalid) {
				List<String> problems = new ArrayList<>();
				for (ObjectError error : invalid.getValidationErrors()) {
					String message = error.getDefaultMessage();
					problems.add(message != null && message.startsWith("botkeeper.") ? message
							: invalid.getValidationErrors().getName() + "."
									+ (error instanceof FieldError field ? field.getField() : error.getObjectName()) + " "
									+ message);
				}
				return UserFacingException.badInput("botkeeper serve did not start: " + String.join("; ", problems) + ".",
						ex);
			}
		}
		// Spring Boot has already printed why (naming the property); say what to do.
		return UserFacingException.badInput("botkeeper serve did not start; the report above names the setting to fix.",
				ex);
	}

}
