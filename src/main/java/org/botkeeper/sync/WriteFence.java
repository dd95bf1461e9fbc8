package org.botkeeper.sync;

/**
 * Checked before every write: a replica that lost its lease (paused, partitioned, too slow to renew)
 * must stop writing at once. {@link #NONE} is for a single process that holds no lease.
 */
@FunctionalInterface
public interface WriteFence {

	WriteFence NONE = () -> {
	};

	/** @throws RunAbortedException the lease is no longer ours */
	void check();

}
