package org.botkeeper.sync;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds (or asks for) the sync lease: a name for people ({@code "cli 4242@build-3"}), and enough to
 * tell, on the same machine, whether its process still runs: the host name, a machine key (host, boot
 * and process namespace, so a container with the same host name elsewhere never counts as this
 * machine), the process id and the process's start time (so a reused pid never counts as the holder).
 *
 * @param machine empty when unknown: then nobody may conclude the holder is gone
 * @param pid 0 when unknown
 */
public record LeaseHolder(String name, String host, String machine, long pid, Optional<Instant> started) {

	public LeaseHolder {
		if (name == null || host == null || machine == null || started == null) {
			throw new IllegalArgumentException("name, host, machine and started (maybe empty) are required");
		}
	}

	/** A holder known by name only (a record written by an earlier botkeeper, or a test). */
	public static LeaseHolder named(String name) {
		return new LeaseHolder(name, "", "", 0, Optional.empty());
	}

	/** This process, as {@code role} ("cli", "serve"). */
	public static LeaseHolder current(String role) {
		String runtime = ManagementFactory.getRuntimeMXBean().getName();
		String host = runtime.contains("@") ? runtime.substring(runtime.indexOf('@') + 1) : "";
		ProcessHandle self = ProcessHandle.current();
		return new LeaseHolder(role + " " + runtime, host, machineKey(host), self.pid(), self.info().startInstant());
	}

	/** True when {@code other} ran on this very machine (and process namespace), so its pid can be looked up here. */
	public boolean sameMachine(LeaseHolder other) {
		return !machine.isEmpty() && machine.equals(other.machine);
	}

	/**
	 * True when this holder's process is still running here: its pid exists and started when the holder
	 * recorded (within a second), or the start time is not known. Only meaningful for a holder on
	 * {@link #sameMachine this machine}.
	 */
	public boolean running() {
		if (pid <= 0) {
			return true;
		}
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.map(process -> started.isEmpty() || process.info().startInstant()
				.map(actual -> Duration.between(actual, started.get()).abs().compareTo(Duration.ofSeconds(1)) <= 0)
				.orElse(true))
			.orElse(false);
	}

	/**
	 * Host name, boot id and pid namespace on Linux (containers on one host share the boot id but not the
	 * pid namespace); host name and OS elsewhere.
	 */
	private static String machineKey(String host) {
		if (host.isEmpty()) {
			return "";
		}
		try {
			String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
			String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
			return host + "/" + boot + "/" + namespace;
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return host + "/" + System.getProperty("os.name", "unknown");
		}
	}

	@Override
	public String toString() {
		return name;
	}

}
