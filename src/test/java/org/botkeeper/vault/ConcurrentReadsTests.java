package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ConcurrentReadsTests {

	@Test
	void outcomesShouldComeInInputOrderWithEachReadsOwnFailure() {
		List<Integer> inputs = IntStream.range(0, 50).boxed().toList();

		List<ConcurrentReads.Outcome<String>> outcomes = ConcurrentReads.map(inputs, i -> {
			sleep(50 - i); // later inputs finish first
			if (i % 7 == 0) {
				throw new VaultPermissionException("denied " + i, null);
			}
			return "r" + i;
		});

		assertThat(outcomes).hasSize(50);
		for (int i = 0; i < 50; i++) {
			int index = i;
			if (i % 7 == 0) {
				assertThatThrownBy(() -> outcomes.get(index).get()).isInstanceOf(VaultPermissionException.class)
					.hasMessage("denied " + i);
			}
			else {
				assertThat(outcomes.get(i).get()).isEqualTo("r" + i);
			}
		}
	}

	@Test
	void readsShouldOverlapButNeverExceedTheBound() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger peak = new AtomicInteger();

		ConcurrentReads.map(IntStream.range(0, 40).boxed().toList(), i -> {
			peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			sleep(20);
			inFlight.decrementAndGet();
			return i;
		});

		assertThat(peak.get()).isGreaterThan(1).isLessThanOrEqualTo(ConcurrentReads.IN_FLIGHT);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
