package org.botkeeper.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;

/**
 * The broker's AppRole role id and secret id, read from files. A file that group or others may read
 * (or write) is refused before it is read: whoever can read the secret id can log in as the broker, and
 * whoever can write either file can make the broker log in as a role of their choosing.
 */
final class CredentialFiles {

	private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private CredentialFiles() {
	}

	/** Reads {@code file}, given as {@code setting}; refuses it, naming the fix, when others may read or write it. */
	static SecretValue read(Path file, String setting) {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
			if (permissions.stream().anyMatch(SHARED::contains)) {
				throw UserFacingException.badInput(setting + " " + file + " can be read or written by group or others "
						+ "(mode " + PosixFilePermissions.toString(permissions) + "): anyone on this machine could log in "
						+ "as the broker, or make it log in as someone else. Run: chmod 600 " + file);
			}
		}
		catch (UnsupportedOperationException ex) {
			// A file system without POSIX permissions (not where botkeeper runs in production): nothing to check.
		}
		catch (IOException ex) {
			throw UserFacingException.badInput("Cannot read " + setting + " " + file + ": " + ex.getMessage());
		}
		try {
			return SecretValue.of(Files.readString(file).strip());
		}
		catch (IOException ex) {
			throw UserFacingException.badInput("Cannot read " + setting + " " + file + ": " + ex.getMessage());
		}
	}

}
