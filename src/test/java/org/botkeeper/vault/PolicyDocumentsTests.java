package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.botkeeper.sync.RepositoryName;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTests {

	@Test
	void everyPolicyShouldOpenWithACommentThatSaysWhoHowAndWhichCommands() {
		PolicyDocuments documents = new PolicyDocuments(VaultLayout.defaults());
		for (String name : List.of("botkeeper-admin", "botkeeper-broker", "botkeeper-auditor", "botkeeper-breakglass",
				"botkeeper-maintainer")) {
			String text = documents.text(name);
			assertThat(text).as(name).startsWith("# " + name + ":").contains("# Bound to:").contains("# Commands");
		}
	}

	@Test
	void everyPolicyFileShouldBeAPolicyOfTheEnumAndBack() throws java.io.IOException {
		List<String> files;
		try (var listing = java.nio.file.Files.list(java.nio.file.Path.of("vault-policies"))) {
			files = listing.map(path -> "vault-policies/" + path.getFileName()).filter(name -> name.endsWith(".hcl"))
				.toList();
		}
		assertThat(java.util.Arrays.stream(Policy.values()).map(Policy::file)).containsExactlyInAnyOrderElementsOf(files);
		assertThat(PolicyDocuments.INIT_POLICIES).as("what vault init writes; the maintainer and operator policies it "
				+ "does not").containsExactly("botkeeper-admin", "botkeeper-broker", "botkeeper-auditor",
						"botkeeper-breakglass");
	}

	@Test
	void customMountsShouldReplaceTheDefaultsInPathsOnly() {
		String text = new PolicyDocuments(new VaultLayout("secret/bots", "bots-totp")).text("botkeeper-breakglass");
		assertThat(text).contains("path \"secret/bots/*\"").contains("path \"bots-totp/keys/account\"")
			.doesNotContain("path \"botkeeper");
		assertThat(text).startsWith("# botkeeper-breakglass:");
	}

	@Test
	void aMaintainerPolicyShouldRepeatTheBlockPerRepositoryWithOneListGrantPerOwner() {
		String text = new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(RepositoryName.parse("jupyterhub/binderhub"),
				RepositoryName.parse("jupyterhub/repo2docker"), RepositoryName.parse("binder-examples/r")));
		assertThat(text).contains("path \"botkeeper/data/tokens/jupyterhub/binderhub\"")
			.contains("path \"botkeeper/metadata/tokens/jupyterhub/repo2docker\"")
			.contains("path \"botkeeper/data/sync/binder-examples/r\"")
			.doesNotContain("OWNER")
			.doesNotContain("BEGIN per-repository");
		assertThat(text.split("path \"botkeeper/metadata/tokens/jupyterhub\"", -1)).hasSize(2);
		assertThat(text.split("path \"botkeeper/metadata/tokens/binder-examples\"", -1)).hasSize(2);
	}

}
