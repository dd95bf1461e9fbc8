package org.botkeeper.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.TokenRecord;

/**
 * How a token record prints, the same in list, show and put: never the value. Read from metadata (list,
 * show), the binding is the display copy of the last put (see {@link TokenRecord}); "written by" is
 * shown only where it was read from the value's own version.
 */
final class TokenJson {

	static final List<String> HEADERS = List.of("BINDING", "VERSION", "EXPIRES", "UPDATED", "NOTE");

	private TokenJson() {
	}

	static Map<String, Object> json(TokenRecord record) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("binding", record.binding().toString());
		json.put("repository", record.binding().repository().toString());
		json.put("destination", record.binding().kind().value());
		json.put("environment", record.binding().inEnvironment() ? record.binding().environment().value() : null);
		json.put("secret_name", record.binding().secretName().value());
		json.put("version", record.version());
		json.put("expires_at", record.expiresAt() == null ? null : record.expiresAt().toString());
		json.put("note", record.note());
		if (record.writtenBy() != null) {
			json.put("written_by", record.writtenBy());
		}
		if (!record.patPermissions().isEmpty()) {
			json.put("pat_permissions", record.patPermissions());
		}
		json.put("layout", record.layout() == TokenRecord.Layout.CURRENT ? "current" : "legacy");
		json.put("updated_time", Output.time(record.updatedTime()));
		if (record.app() != null) {
			Map<String, Object> app = new LinkedHashMap<>();
			app.put("app_id", record.app().appId());
			app.put("installation_id", record.app().installationId());
			app.put("permissions", record.app().permissions());
			app.put("refresh", record.app().refresh().toString());
			json.put("github_app", app);
		}
		return json;
	}

	static List<String> row(TokenRecord record, TableOptions table) {
		return Arrays.asList(table.binding(record.binding()), Long.toString(record.version()),
				record.app() != null ? "App " + record.app().appId() + " (minted)"
						: record.expiresAt() == null ? null : record.expiresAt().toString(),
				Output.time(record.updatedTime()), record.note());
	}

}
