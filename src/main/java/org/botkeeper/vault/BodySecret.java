package org.botkeeper.vault;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret inside a request body sent to Vault: Jackson writes the value onto the wire, but
 * {@code toString()} shows nothing of it. Spring's HTTP clients log request bodies with toString()
 * at DEBUG ("Writing [{data={token=...}}]", cut at 100 characters) and in full at TRACE, so a plain
 * String here put most of a token into any debug log.
 */
record BodySecret(String value) {

	static BodySecret of(org.botkeeper.crypto.SecretValue secret) {
		return new BodySecret(secret.reveal());
	}

	@JsonValue
	String json() {
		return value;
	}

	@Override
	public String toString() {
		return "<secret, not shown>";
	}

}
