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
 * The broker's login credentials, read from files. An AppRole role id or secret id file that group or
 * others may read (or write) is refused before it is read: whoever can read the secret id can log in as
 * the broker, and whoever can write either file can make the broker log in as a role of their choosing.
 * A Kubernetes service-account token may be readable by group and others (the kubelet projects it 0644,
 * or 0640 under an fsGroup, and an operator cannot change that without a projected volume of their own):
 * it lives an hour, is rotated by the kubelet, and whoever can read files in the pod can already act as
 * the pod. Writable by group or others it is still refused, for the same reason as the AppRole files.
 */
final class CredentialFiles {

	private static final Set<PosixFilePermission> WRITABLE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

	private CredentialFiles() {
	}

	/** Reads {@code file}, given as {@code setting}; refuses it, naming the fix, when others may read or write it. */
	static SecretValue read(Path file, String setting) {
		return read(file, setting, SHARED, "read or written", "600");
	}

	/** Reads the service-account token {@code file}; refuses it, naming the fix, when others may write it. */
	static SecretValue readServiceAccountToken(Path file, String setting) {
		return read(file, setting, WRITABLE, "written", "go-w");
	}

	private static SecretValue read(Path file, String setting, Set<PosixFilePermission> refused, String how, String fix) {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
			if (permissions.stream().anyMatch(refused::contains)) {
				throw UserFacingException.badInput(setting + " " + file + " can be " + how + " by group or others "
						+ "(mode " + PosixFilePermissions.toString(permissions) + "): anyone on this machine could log in "
						+ "as the broker, or make it log in as someone else. Run: chmod " + fix + " " + file);
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
