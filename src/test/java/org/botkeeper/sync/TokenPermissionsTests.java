package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TokenPermissionsTests {

	@Test
	void permissionsShouldBeParsedFromNameColonLevelAndRefuseAnythingElse() {
		assertThat(TokenPermissions.parse(List.of("Contents:Write", "issues:read", "contents:read")))
			.as("lower-cased; a name given twice keeps its last level")
			.containsExactly(Map.entry("contents", "read"), Map.entry("issues", "read"));
		assertThat(TokenPermissions.texts(Map.of("contents", "write"))).containsExactly("contents:write");
		for (String bad : List.of("contents", "contents=write", "contents:none", "con tents:read", "a:b:c", "&x:read",
				"pull-requests:write")) {
			assertThatExceptionOfType(InvalidNameException.class).as(bad)
				.isThrownBy(() -> TokenPermissions.parse(List.of(bad)))
				.withMessageContaining("NAME:LEVEL");
		}
	}

}
