package org.botkeeper.serve;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.botkeeper.config.BindingsFile;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.SecretName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code botkeeper.config}: the bindings file serve holds Vault's records against, read again before
 * each run so that a reviewed change to it (a merged pull request, mounted into the pod) counts from the
 * next run on. It must be valid at start-up; a file that becomes invalid later does not stop serve, nor
 * does it hold back nothing or everything: the last valid file is used until it is corrected, and the
 * problem is logged once and shown on the status page until then.
 */
final class DeclaredBindings {

	private static final Logger LOG = LoggerFactory.getLogger(DeclaredBindings.class);

	/**
	 * What a run holds the records against.
	 *
	 * @param file the file as last read while valid
	 * @param problem why the file as it is now was not used ({@code FILE:LINE: ...} lines), if it was not
	 */
	record Reading(BindingsFile file, Optional<String> problem) {
	}

	private final Path path;

	private final EnvironmentName defaultEnvironment;

	private final SecretName defaultSecretName;

	private final Optional<String> account;

	private BindingsFile lastValid;

	private Optional<String> problem = Optional.empty();

	/**
	 * Reads {@code path} once, now.
	 *
	 * @throws UserFacingException listing every problem of the file: serve does not start
	 */
	DeclaredBindings(Path path, EnvironmentName defaultEnvironment, SecretName defaultSecretName,
			Optional<String> account) {
		this.path = path;
		this.defaultEnvironment = defaultEnvironment;
		this.defaultSecretName = defaultSecretName;
		this.account = account;
		try {
			this.lastValid = readFile();
		}
		catch (UserFacingException ex) {
			throw UserFacingException.badInput("botkeeper.config: " + ex.getMessage());
		}
	}

	/** Reads the file again; a full run and a run of changed bindings may ask at the same time. */
	synchronized Reading read() {
		try {
			lastValid = readFile();
			if (problem.isPresent()) {
				LOG.info("botkeeper.config {} is valid again and is used from this run on", path);
			}
			problem = Optional.empty();
		}
		catch (UserFacingException ex) {
			if (!Objects.equals(problem, Optional.of(ex.getMessage()))) {
				LOG.warn("botkeeper.config {} is not valid; the last valid version read is used until it is "
						+ "corrected:\n{}", path, ex.getMessage());
			}
			problem = Optional.of(ex.getMessage());
		}
		return new Reading(lastValid, problem);
	}

	/** The declarations of this serve's bot ({@code botkeeper.account}); the others are another deployment's. */
	private BindingsFile readFile() {
		return BindingsFile.read(path, defaultEnvironment, defaultSecretName).forAccount(account);
	}

}
