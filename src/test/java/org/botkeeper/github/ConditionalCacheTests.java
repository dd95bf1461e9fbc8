package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ConditionalCacheTests {

	private static URI url(int i) {
		return URI.create("https://api.github.com/repos/o/r" + i + "/environments/bot/secrets/public-key");
	}

	@Test
	void theLeastRecentlyUsedEntryShouldGoFirstOnceFull() {
		ConditionalCache cache = new ConditionalCache(3);
		for (int i = 0; i < 3; i++) {
			cache.put(url(i), "W/\"" + i + "\"", "{}");
		}
		cache.get(url(0));

		cache.put(url(3), "W/\"3\"", "{}");

		assertThat(cache.get(url(1))).isNull();
		assertThat(cache.get(url(0))).isNotNull();
		assertThat(cache.get(url(3))).isNotNull();
	}

	@Test
	void itShouldHoldEveryUrlASyncOfItsBindingsReadsAndNeverShrink() {
		ConditionalCache cache = new ConditionalCache(ConditionalCache.MIN_CAPACITY);

		cache.holdFor(10_000);
		cache.holdFor(2);

		assertThat(cache.capacity()).as("secret, key and environment of each binding").isEqualTo(30_000);
		for (int i = 0; i < 30_000; i++) {
			cache.put(url(i), "W/\"" + i + "\"", "{}");
		}
		assertThat(cache.get(url(0))).isNotNull();
	}

	@Test
	void aFewBindingsShouldStillGetTheMinimum() {
		ConditionalCache cache = new ConditionalCache(ConditionalCache.MIN_CAPACITY);

		cache.holdFor(5);

		assertThat(cache.capacity()).isEqualTo(ConditionalCache.MIN_CAPACITY);
	}

}
