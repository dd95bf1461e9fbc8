package org.botkeeper.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Heap and RSS of a process, in MiB, as the benchmarks print them. */
final class Memory {

	private Memory() {
	}

	/** Forgets the peaks so far, so the next {@link #peakHeapMiB()} covers one run only. */
	static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	/** Sum of the heap pools' peaks since the last reset (an upper bound of the peak heap in use). */
	static double peakHeapMiB() {
		long bytes = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				bytes += pool.getPeakUsage().getUsed();
			}
		}
		return bytes / 1048576.0;
	}

	/** Heap in use after a full GC: what the process really keeps. */
	static double liveHeapMiB() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
	}

	/** {@code VmRSS} or {@code VmHWM} (peak RSS) of a process from /proc, or -1. */
	static double procStatusMiB(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// not Linux, or the process is gone
		}
		return -1;
	}

	static long selfPid() {
		return ProcessHandle.current().pid();
	}

}
