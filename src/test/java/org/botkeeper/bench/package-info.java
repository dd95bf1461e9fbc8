/** Benchmark harnesses run by the scripts in {@code bench/}: they print figures, they assert nothing. */
package org.botkeeper.bench;
