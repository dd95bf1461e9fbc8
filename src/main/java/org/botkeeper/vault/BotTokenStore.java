package org.botkeeper.vault;

import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * The bot account's own token at {@code bot-token} in the KV mount, used to act as the bot (accepting
 * repository invitations). Admins write it; the broker reads it; it is never shown.
 */
public final class BotTokenStore {

	private static final String VALUE = "token";

	private final KvRecords kv;

	public BotTokenStore(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	/** Stores a new version (check-and-set against the version read just before); returns it. */
	public long set(SecretValue token) {
		long current = kv.metadata(VaultLayout.BOT_TOKEN).map(KvMetadata::currentVersion).orElse(0L);
		return kv.put(VaultLayout.BOT_TOKEN, Map.of(VALUE, BodySecret.of(token)), current);
	}

	/** Version and times; empty when none is stored. */
	public Optional<KvMetadata> metadata() {
		return kv.metadata(VaultLayout.BOT_TOKEN);
	}

	/** The token, for the broker; empty when none is stored. The caller closes it. */
	public Optional<SecretValue> read() {
		return kv.data(VaultLayout.BOT_TOKEN, 0).map(data -> SecretValue.of(data.get(VALUE).toString()));
	}

}
