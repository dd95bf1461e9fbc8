/** The command line: one picocli class per command, output formats, exit codes and the one error handler. */
package org.botkeeper.cli;
