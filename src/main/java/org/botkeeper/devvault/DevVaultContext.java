package org.botkeeper.devvault;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every route needs to know: where to cache downloads and builds, where to write server logs,
 * and the process environment (passed in so tests can vary it).
 *
 * @param cacheDir reused across runs, outside the repository ({@code ~/.cache/botkeeper})
 * @param logDir where a started server's stdout and stderr go ({@code target/} in tests)
 * @param projectDir the source checkout, when running from one; the Go route builds from its tools/
 * @param serverArgs more arguments for a dev server started here (e.g. {@code -config=FILE}, which both engines
 *        read beside {@code -dev}: a test's server with a declared audit device); routes that start none ignore them
 */
public record DevVaultContext(Path cacheDir, Path logDir, Path projectDir, Map<String, String> env,
		List<String> serverArgs) {

	public DevVaultContext {
		serverArgs = List.copyOf(serverArgs);
	}

	public DevVaultContext(Path cacheDir, Path logDir, Path projectDir, Map<String, String> env) {
		this(cacheDir, logDir, projectDir, env, List.of());
	}

	/** This context, with dev servers started with {@code args} too. */
	public DevVaultContext withServerArgs(List<String> args) {
		return new DevVaultContext(cacheDir, logDir, projectDir, env, args);
	}

	public static DevVaultContext defaults(Path logDir, Path projectDir) {
		Map<String, String> env = System.getenv();
		String cache = env.get("BOTKEEPER_CACHE");
		Path cacheDir = (cache != null && !cache.isBlank()) ? Path.of(cache)
				: Path.of(System.getProperty("user.home"), ".cache", "botkeeper");
		return new DevVaultContext(cacheDir, logDir, projectDir, env);
	}

}
