package org.botkeeper.github;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks a list endpoint page by page, as GitHub documents
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api">pagination</a>:
 * {@code per_page=100&page=N} appended to the first request's query, N from 1, until a page holds fewer than
 * {@value #SIZE} items. Every page is its own request with the first one's action and hints, so an error on
 * page 3 reads like one on page 1, and each goes through the transport (conditional reads, the request gate).
 */
final class ListPages {

	static final int SIZE = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ListPages() {
	}

	/**
	 * Sends each page of {@code first} and hands its answer to {@code eachPage}, which reads the items it
	 * wants and returns how many the page held (GitHub's count, before any the caller leaves out): a short
	 * page is the last.
	 */
	static void walk(Function<GitHubRequest, GitHubResponse> send, GitHubRequest first,
			ToIntFunction<GitHubResponse> eachPage) {
		String separator = first.path().contains("?") ? "&" : "?";
		for (int page = 1;; page++) {
			GitHubResponse answer = send.apply(first.atPath(first.path() + separator + "per_page=" + SIZE + "&page=" + page));
			if (eachPage.applyAsInt(answer) < SIZE) {
				return;
			}
		}
	}

	/**
	 * Every item of an endpoint whose pages are JSON arrays, in GitHub's order. A page that is not JSON fails
	 * as a {@link GitHubException} naming the request's action, like any other answer of the wrong shape.
	 */
	static List<JsonNode> items(Function<GitHubRequest, GitHubResponse> send, GitHubRequest first) {
		List<JsonNode> items = new ArrayList<>();
		walk(send, first, answer -> {
			JsonNode page = GitHubAnswers.read(first.action(), () -> JSON.readTree(answer.body()));
			page.forEach(items::add);
			return page.size();
		});
		return items;
	}

}
