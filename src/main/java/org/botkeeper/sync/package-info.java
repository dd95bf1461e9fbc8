/** The heart of botkeeper, free of Vault, GitHub and HTTP types: bindings, the source and destination ports, the planner, the applier and the ledger. */
package org.botkeeper.sync;
