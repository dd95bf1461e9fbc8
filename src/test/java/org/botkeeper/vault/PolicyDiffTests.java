package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyDiffTests {

	private static final String OLD = """
			# a comment
			path "kv/data/a" {
			  capabilities = ["read"]
			}
			path "kv/data/b" { capabilities = ["read", "list"] }
			path "x/*" { capabilities = ["read"] }
			""";

	private static final String NEW = """
			path "kv/data/a" {
			  capabilities = ["read"]   # unchanged, comment moved
			}
			path "kv/data/b" { capabilities = ["list", "read", "update"] }
			path "kv/data/c" { capabilities = ["create"] }
			""";

	@Test
	void linesShouldNameEachRuleAddedChangedAndRemovedAndIgnoreComments() {
		assertThat(PolicyDiff.lines(OLD, NEW)).containsExactly("~ kv/data/b: list, read -> list, read, update",
				"+ kv/data/c: create", "- x/*: read");
		assertThat(PolicyDiff.summary(PolicyDiff.lines(OLD, NEW))).isEqualTo("1 rule added, 1 changed, 1 removed");
	}

	@Test
	void aNewPolicyShouldBeAllAdditionsAndCommentsAloneNoRuleChange() {
		assertThat(PolicyDiff.lines(null, NEW)).hasSize(3).allMatch(line -> line.startsWith("+ "));
		assertThat(PolicyDiff.lines(NEW, "# only a new comment\n" + NEW)).isEmpty();
		assertThat(PolicyDiff.summary(List.of())).isEqualTo("comments or layout only");
	}

	@Test
	void settingsOtherThanCapabilitiesShouldCountAsAChange() {
		String with = "path \"kv/data/a\" { capabilities = [\"update\"]\n allowed_parameters = { \"x\" = [] } }";
		String without = "path \"kv/data/a\" { capabilities = [\"update\"] }";
		assertThat(PolicyDiff.lines(without, with)).containsExactly(
				"~ kv/data/a: update -> update {allowed_parameters = { \"x\" = [] }}");
		assertThat(PolicyDiff.paths(OLD)).containsExactly("kv/data/a", "kv/data/b", "x/*");
	}

}
