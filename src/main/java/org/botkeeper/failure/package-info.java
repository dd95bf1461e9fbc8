/** What failed, for people: the one exception whose message a person reads, and the exit codes it maps to. */
package org.botkeeper.failure;
