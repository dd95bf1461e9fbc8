/** GitHub adapters: the environment-secrets client, the destination, invitations, guardrails and App installation tokens. */
package org.botkeeper.github;
