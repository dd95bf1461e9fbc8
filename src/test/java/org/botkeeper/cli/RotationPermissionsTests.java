package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.botkeeper.failure.UserFacingException;
import org.junit.jupiter.api.Test;

/** Which permissions fill the token form, and the sentence that says where they come from. */
class RotationPermissionsTests {

	private static final String AT = "botkeeper.yaml:4";

	private static final List<String> DECLARED = List.of("contents:write", "pull_requests:write");

	private static final List<String> RECORDED = List.of("issues:write");

	@Test
	void anExplicitPermissionShouldWinOverTheFileAndSaySoWhenItDiffers() {
		RotationPermissions chosen = RotationPermissions.choose(RotationPermissions.asked(List.of("contents:read")), AT,
				DECLARED, RECORDED);

		assertThat(chosen.needs()).containsExactly(Map.entry("contents", "read"));
		assertThat(chosen.source()).isEqualTo("Permissions from --permission, in place of contents:write, "
				+ "pull_requests:write that botkeeper.yaml:4 declares.");
		assertThat(RotationPermissions.choose(RotationPermissions.asked(List.of("pull_requests:write", "Contents:Write")),
				AT, DECLARED, RECORDED).source()).as("the same ones in another order or case are no override")
			.isEqualTo("Permissions from --permission.");
	}

	@Test
	void theDeclaredPermissionsShouldWinOverTheRecordedOnes() {
		RotationPermissions chosen = RotationPermissions.choose(null, AT, DECLARED, RECORDED);

		assertThat(chosen.needs()).containsExactly(Map.entry("contents", "write"), Map.entry("pull_requests", "write"));
		assertThat(chosen.source()).isEqualTo("Permissions from botkeeper.yaml:4.");
	}

	@Test
	void aDeclarationWithoutPermissionsShouldLeaveTheRecordedOnesThenTheDefault() {
		assertThat(RotationPermissions.choose(null, AT, List.of(), RECORDED))
			.isEqualTo(new RotationPermissions(Map.of("issues", "write"),
					"Permissions recorded at the last rotation (botkeeper.yaml:4 declares none)."));
		assertThat(RotationPermissions.choose(null, AT, List.of(), List.of()))
			.isEqualTo(new RotationPermissions(Map.of("contents", "write"), "Permissions: botkeeper's default, "
					+ "contents:write (none recorded, none declared at botkeeper.yaml:4)."));
		assertThat(RotationPermissions.choose(null, null, List.of(), RECORDED).source())
			.isEqualTo("Permissions recorded at the last rotation.");
	}

	@Test
	void aBadPermissionShouldBeRefusedNamingWhereItCameFrom() {
		assertThatThrownBy(() -> RotationPermissions.asked(List.of("contents")))
			.isInstanceOfSatisfying(UserFacingException.class, ex -> assertThat(ex.exitCode()).isEqualTo(2))
			.hasMessageStartingWith("Invalid --permission 'contents' is not a permission");
		assertThatThrownBy(() -> RotationPermissions.choose(null, null, List.of(), List.of("contents=write")))
			.isInstanceOf(UserFacingException.class)
			.hasMessageStartingWith("Invalid recorded permission 'contents=write'")
			.hasMessageEndingWith("Give the permissions with --permission NAME:LEVEL instead.");
	}

}
