package org.botkeeper.broker;

/**
 * Breaks the layering on purpose (the broker, which the CLI uses without Spring, reaching for Spring's
 * application context), so that ArchitectureTests can show its rule reports a breach. Test sources only;
 * never part of botkeeper.
 */
public final class LayeringBreach {

	org.springframework.context.ApplicationContext context() {
		return null;
	}

}
