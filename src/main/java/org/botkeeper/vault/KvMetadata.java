package org.botkeeper.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A KV v2 record's metadata: current version, times, and the custom_metadata strings. Holds no
 * secret values.
 *
 * @see <a href="https://openbao.org/api-docs/secret/kv/kv-v2/#read-secret-metadata">Read secret metadata</a>
 */
public record KvMetadata(long currentVersion, Instant createdTime, Instant updatedTime,
		Map<String, String> customMetadata) {

	static KvMetadata from(Map<String, Object> data) {
		Map<String, String> custom = new LinkedHashMap<>();
		if (data.get("custom_metadata") instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if (value != null) {
					custom.put(key.toString(), value.toString());
				}
			});
		}
		Object version = data.get("current_version");
		return new KvMetadata(version == null ? 0 : Long.parseLong(version.toString()), instant(data.get("created_time")),
				instant(data.get("updated_time")), Map.copyOf(custom));
	}

	private static Instant instant(Object value) {
		if (value == null || value.toString().isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.toString());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
