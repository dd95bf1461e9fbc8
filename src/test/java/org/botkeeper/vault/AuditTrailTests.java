package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.botkeeper.vault.AuditEntry.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on lines copied from the file audit devices of OpenBao 2.7.2 and HashiCorp Vault 1.21.0
 * (src/test/resources/audit/, HMACs replaced by zeros): a userpass user read the password and was denied
 * the recovery codes (and, on OpenBao, a 2FA code); root wrote the password, the seed and a policy.
 */
class AuditTrailTests {

	@ParameterizedTest
	@ValueSource(strings = { "openbao-2.7.2.log", "vault-1.21.0.log" })
	void readsOfThePasswordAndDeniedAttemptsShouldBeAlerts(String log) {
		AuditTrail.Result result = new AuditTrail(VaultLayout.defaults()).read(fixture(log), null);

		AuditTrail.Event read = only(result, "the bot's password", "read");
		assertThat(read.entry().displayName()).isEqualTo("userpass-alice");
		assertThat(read.entry().policies()).containsExactly("default", "reader");
		assertThat(read.entry().entityId()).isNotEmpty();
		assertThat(read.entry().remoteAddress()).isEqualTo("127.0.0.1");
		assertThat(read.entry().outcome()).isEqualTo(Outcome.OK);
		assertThat(read.alert()).isTrue();
		AuditTrail.Event denied = only(result, "the bot's 2FA recovery codes", "read");
		assertThat(denied.entry().outcome()).isEqualTo(Outcome.DENIED);
		assertThat(denied.alert()).isTrue();
		AuditTrail.Event written = only(result, "the bot's password", "wrote");
		assertThat(written.alert()).as("a write of the password is no read of it").isFalse();
		assertThat(only(result, "policy reader", "wrote").entry().outcome()).isEqualTo(Outcome.OK);
		assertThat(result.notEntries()).as("the line that is no JSON and the JSON that is no audit entry").isEqualTo(2);
		assertThat(result.events()).extracting(AuditTrail.Event::asset)
			.as("the test message of a device being enabled is nobody's doing").doesNotContain("audit device test");
		assertThat(result.events()).extracting(AuditTrail.Event::asset).as("enabling a device (or trying to)")
			.containsAnyOf("audit device trail", "audit device x");
	}

	@Test
	void aDeniedTwoFactorCodeShouldBeListedButNoAlert() {
		AuditTrail.Result result = new AuditTrail(VaultLayout.defaults()).read(fixture("openbao-2.7.2.log"), null);

		AuditTrail.Event code = only(result, "the bot's 2FA code", "got a code");
		assertThat(code.entry().outcome()).isEqualTo(Outcome.DENIED);
		assertThat(code.alert()).isFalse();
		assertThat(only(result, "the 2FA seed", "wrote").entry().displayName()).isEqualTo("token");
	}

	@Test
	void aRequestAndItsResponseShouldBeOneEvent() {
		AuditTrail.Result result = new AuditTrail(VaultLayout.defaults()).read(fixture("openbao-2.7.2.log"), null);

		assertThat(result.events()).extracting(event -> event.entry().requestId()).doesNotHaveDuplicates();
		assertThat(result.events()).allMatch(event -> event.entry().kind() == AuditEntry.Kind.RESPONSE);
	}

	@Test
	void nothingOfTheValuesTokensOrErrorTextShouldBeKept() {
		AuditTrail.Result result = new AuditTrail(VaultLayout.defaults()).read(fixture("vault-1.21.0.log"), null);

		assertThat(result.events()).isNotEmpty();
		assertThat(result.events().toString()).doesNotContain("hmac-sha256", "error occurred", "client_token");
	}

	@Test
	void otherMountsShouldBeFoundByTheLayout() {
		AuditTrail other = new AuditTrail(new VaultLayout("secret-bots", "secret-bots-totp"));

		assertThat(other.read(fixture("openbao-2.7.2.log"), null).events()).extracting(AuditTrail.Event::asset)
			.contains("policy reader").noneMatch(asset -> asset.startsWith("the "));
		AuditEntry read = entry("secret-bots/data/tokens/acme/app", "read", Outcome.OK);
		assertThat(other.classify(read)).get().extracting(AuditTrail.Event::asset).isEqualTo("the token of acme/app");
	}

	@Test
	void sinceShouldLeaveOlderEntriesOut() {
		AuditTrail trail = new AuditTrail(VaultLayout.defaults());

		assertThat(trail.read(fixture("openbao-2.7.2.log"), Instant.parse("2026-12-01T05:57:00Z")).events()).isNotEmpty();
		assertThat(trail.read(fixture("openbao-2.7.2.log"), Instant.parse("2026-12-01T06:00:00Z")).events()).isEmpty();
	}

	@Test
	void eachAssetShouldBeNamedByBotkeepersLayout() {
		AuditTrail trail = new AuditTrail(VaultLayout.defaults());

		assertThat(trail.classify(entry("botkeeper/data/tokens/acme/app", "update", Outcome.OK))).get()
			.satisfies(event -> assertThat(event.asset() + " " + event.action()).isEqualTo("the token of acme/app wrote"));
		assertThat(trail.classify(entry("botkeeper/metadata/tokens/acme/app", "update", Outcome.OK))).get()
			.extracting(AuditTrail.Event::action).isEqualTo("wrote metadata");
		assertThat(trail.classify(entry("botkeeper/metadata/tokens/acme/app", "read", Outcome.OK)))
			.as("token list reads every token's metadata").isEmpty();
		assertThat(trail.classify(entry("botkeeper/data/writers/acme", "read", Outcome.OK))).get()
			.extracting(AuditTrail.Event::asset).isEqualTo("the writer credential of acme");
		assertThat(trail.classify(entry("botkeeper/data/writer", "read", Outcome.OK))).get()
			.extracting(AuditTrail.Event::asset).isEqualTo("the writer credential");
		assertThat(trail.classify(entry("botkeeper/destroy/account-recovery", "update", Outcome.OK))).get()
			.satisfies(event -> assertThat(event.action()).isEqualTo("destroyed a version"))
			.satisfies(event -> assertThat(event.alert()).as("destroying is no read").isFalse());
		assertThat(trail.classify(entry("botkeeper/data/sync/acme/app", "update", Outcome.OK)))
			.as("the broker's ledger is no asset").isEmpty();
		assertThat(trail.classify(entry("botkeeper/data/sync/acme/app", "update", Outcome.DENIED))).get()
			.extracting(AuditTrail.Event::asset).isEqualTo("botkeeper/data/sync/acme/app");
		assertThat(trail.classify(entry("sys/policies/acl/botkeeper-admin", "read", Outcome.OK))).isEmpty();
		assertThat(trail.classify(entry("sys/policies/acl/botkeeper-admin", "delete", Outcome.OK))).get()
			.extracting(AuditTrail.Event::asset).isEqualTo("policy botkeeper-admin");
		assertThat(trail.classify(entry("secret/data/other-team", "read", Outcome.DENIED))).as("not botkeeper's").isEmpty();
		assertThat(trail.classify(entry("sys/audit/botkeeper", "delete", Outcome.OK))).get()
			.satisfies(event -> assertThat(event.asset() + " " + event.action()).isEqualTo("audit device botkeeper disabled"))
			.satisfies(event -> assertThat(event.alert()).as("what follows goes unrecorded").isTrue());
		assertThat(trail.classify(entry("sys/audit/botkeeper", "delete", Outcome.DENIED))).get()
			.extracting(AuditTrail.Event::alert).isEqualTo(false);
		assertThat(trail.classify(entry("botkeeper/data/account-recovery", "read", Outcome.OK))).get()
			.extracting(AuditTrail.Event::alert).isEqualTo(true);
		assertThat(trail.classify(entry("botkeeper/data/account", "update", Outcome.DENIED))).get()
			.extracting(AuditTrail.Event::alert).as("any denied attempt on the password").isEqualTo(true);
		assertThat(trail.classify(entry("botkeeper/data/account", "update", Outcome.OK))).get()
			.extracting(AuditTrail.Event::alert).isEqualTo(false);
	}

	@Test
	void linesThatAreNoEntriesShouldBeCountedNotThrown() {
		String lines = """
				{"time":"2026-12-01T05:57:23Z","type":"response","request":{"id":"1","operation":"read"}}
				{"time":"yesterday","type":"response","request":{"path":"botkeeper/data/account"}}
				[1, 2]
				{"type":"response","request":{"path":"botkeeper/data/account"}}

				{unterminated
				""";
		AuditTrail.Result result = new AuditTrail(VaultLayout.defaults()).read(new BufferedReader(new StringReader(lines)), null);

		assertThat(result.events()).isEmpty();
		assertThat(result.notEntries()).isEqualTo(5);
	}

	private static AuditEntry entry(String path, String operation, Outcome outcome) {
		return new AuditEntry(Instant.parse("2026-12-01T06:00:00Z"), AuditEntry.Kind.RESPONSE, "id", operation, path,
				"approle", "e", List.of("default"), "10.0.0.1", outcome);
	}

	private static AuditTrail.Event only(AuditTrail.Result result, String asset, String action) {
		List<AuditTrail.Event> found = result.events().stream()
			.filter(event -> event.asset().equals(asset) && event.action().equals(action))
			.toList();
		assertThat(found).as(asset + " " + action + " in " + result.events()).hasSize(1);
		return found.getFirst();
	}

	private static BufferedReader fixture(String name) {
		InputStream stream = AuditTrailTests.class.getResourceAsStream("/audit/" + name);
		if (stream == null) {
			throw new UncheckedIOException(new IOException("no fixture " + name));
		}
		return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
	}

}
