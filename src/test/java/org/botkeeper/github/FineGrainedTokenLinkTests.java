package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.sync.TokenPermissions;
import org.junit.jupiter.api.Test;

class FineGrainedTokenLinkTests {

	@Test
	void linkShouldCarryEveryDocumentedParameterInGitHubsOrder() {
		FineGrainedTokenLink link = new FineGrainedTokenLink("acme/app 2026-12-01", "Bot token", "acme", 90,
				TokenPermissions.parse(List.of("contents:write", "pull_requests:write")));

		assertThat(link.url()).isEqualTo("https://github.com/settings/personal-access-tokens/new"
				+ "?name=acme%2Fapp+2026-12-01&description=Bot+token&target_name=acme&expires_in=90"
				+ "&contents=write&pull_requests=write");
	}

	@Test
	void descriptionShouldBeEncodedSoThatItsCharactersCannotAddParameters() {
		String description = "Synced to acme/app:deploy/BOT_PAT & more; 100% by botkeeper?contents=admin#x é";
		FineGrainedTokenLink link = new FineGrainedTokenLink("n", description, "acme", 30, Map.of("contents", "read"));

		List<String[]> query = query(link.url());

		assertThat(query).extracting(pair -> pair[0])
			.containsExactly("name", "description", "target_name", "expires_in", "contents");
		assertThat(query.get(1)[1]).isEqualTo(description);
		assertThat(query.get(4)[1]).isEqualTo("read");
		assertThat(URI.create(link.url()).getRawFragment()).as("a '#' in the text must not end the query").isNull();
	}

	@Test
	void limitsGitHubDocumentsShouldBeKept() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FineGrainedTokenLink("x".repeat(41), "", "acme", 30, Map.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FineGrainedTokenLink("n", "x".repeat(1025), "acme", 30, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new FineGrainedTokenLink("n", "", "acme", 0, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new FineGrainedTokenLink("n", "", "acme", 367, Map.of()));
		assertThat(new FineGrainedTokenLink("x".repeat(40), "x".repeat(1024), "acme", 366, Map.of()).url())
			.contains("expires_in=366");
	}

	private static List<String[]> query(String url) {
		List<String[]> pairs = new ArrayList<>();
		for (String pair : URI.create(url).getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			pairs.add(new String[] { URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8) });
		}
		return pairs;
	}

}
