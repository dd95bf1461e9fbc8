/** What failed, for people: the exception for bad command-line input, and the exit codes every failure maps to. */
package org.botkeeper.failure;
