/** Vault (or OpenBao) adapters: the token source, the bot account, TOTP codes, the ledger store and policy and mount bootstrap. */
package org.botkeeper.vault;
