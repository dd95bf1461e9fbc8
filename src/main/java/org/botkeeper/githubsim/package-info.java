/**
 * A stateful stand-in for api.github.com, for the tests and {@code botkeeper demo} only: production
 * code never imports it (ArchitectureTests holds that).
 */
package org.botkeeper.githubsim;
