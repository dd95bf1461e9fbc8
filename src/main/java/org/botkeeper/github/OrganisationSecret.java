package org.botkeeper.github;

/**
 * What GitHub tells about an organisation secret: its metadata (never its value) and its visibility
 * (<a href="https://docs.github.com/en/rest/actions/secrets#get-an-organization-secret">get an
 * organization secret</a>). The selected repositories are a read of their own
 * ({@link OrganisationSecretsClient#selectedRepositories}).
 */
public record OrganisationSecret(SecretMetadata metadata, OrganisationVisibility.Kind visibility) {
}
