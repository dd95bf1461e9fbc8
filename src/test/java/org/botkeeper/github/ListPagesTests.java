package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Which requests a walk over GitHub's pages sends, and where it stops. */
class ListPagesTests {

	private final List<GitHubRequest> sent = new ArrayList<>();

	/** A list endpoint holding {@code total} items, answering each page of 100 as GitHub does. */
	private Function<GitHubRequest, GitHubResponse> endpoint(int total) {
		return request -> {
			sent.add(request);
			int page = Integer.parseInt(request.path().replaceAll(".*[?&]page=(\\d+)$", "$1"));
			StringBuilder items = new StringBuilder("[");
			for (int item = (page - 1) * ListPages.SIZE; item < Math.min(total, page * ListPages.SIZE); item++) {
				items.append(items.length() > 1 ? "," : "").append(item);
			}
			return new GitHubResponse(200, HttpHeaders.of(Map.of(), (name, value) -> true), items.append("]").toString(),
					false, Optional.empty());
		};
	}

	@Test
	void shouldFollowFullPagesUntilAShortOneAndKeepEveryPagesWordsForAPerson() {
		List<JsonNode> items = ListPages.items(endpoint(250),
				GitHubRequest.get("/user/teams", "list the bot's teams").forbiddenHint("needs read:org"));

		assertThat(items).hasSize(250);
		assertThat(items.get(249).asInt()).isEqualTo(249);
		assertThat(sent).extracting(GitHubRequest::path)
			.containsExactly("/user/teams?per_page=100&page=1", "/user/teams?per_page=100&page=2",
					"/user/teams?per_page=100&page=3");
		assertThat(sent).allSatisfy(request -> {
			assertThat(request.action()).isEqualTo("list the bot's teams");
			assertThat(request.forbiddenHint()).isEqualTo("needs read:org");
			assertThat(request.method()).isEqualTo("GET");
		});
	}

	@Test
	void aFullLastPageShouldCostOneMoreRequestForTheEmptyPageAfterIt() {
		assertThat(ListPages.items(endpoint(100), GitHubRequest.get("/user/repos?affiliation=owner", "list"))).hasSize(100);

		assertThat(sent).extracting(GitHubRequest::path)
			.as("a query of its own is kept, the paging appended to it")
			.containsExactly("/user/repos?affiliation=owner&per_page=100&page=1",
					"/user/repos?affiliation=owner&per_page=100&page=2");
	}

	@Test
	void aPageThatIsNotJsonShouldFailAsGitHubsAnswerNamingWhatWasBeingDone() {
		Function<GitHubRequest, GitHubResponse> proxyPage = request -> new GitHubResponse(200,
				HttpHeaders.of(Map.of(), (name, value) -> true), "<html>Service Unavailable</html>", false,
				Optional.empty());

		assertThatThrownBy(() -> ListPages.items(proxyPage, GitHubRequest.get("/user/teams", "list the bot's teams")))
			.isInstanceOf(GitHubException.class)
			.hasMessageStartingWith("Cannot list the bot's teams: GitHub's answer does not have the documented shape")
			.hasMessageNotContaining("Service Unavailable");
	}

	@Test
	void theCountOnAPageShouldDecideNotHowManyItemsTheCallerKeeps() {
		// As ReminderIssues leaves pull requests out: fewer kept than GitHub sent is not the last page.
		List<JsonNode> kept = new ArrayList<>();
		ListPages.walk(endpoint(150), GitHubRequest.get("/repos/o/r/issues", "list issues"), answer -> {
			JsonNode page = tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body());
			page.forEach(item -> {
				if (item.asInt() % 2 == 0) {
					kept.add(item);
				}
			});
			return page.size();
		});

		assertThat(sent).hasSize(2);
		assertThat(kept).hasSize(75);
	}

}
