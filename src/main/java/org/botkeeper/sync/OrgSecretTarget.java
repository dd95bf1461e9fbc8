package org.botkeeper.sync;

import java.util.Locale;

/**
 * One organisation Actions secret botkeeper keeps ({@code org-secret put}): the organisation and the
 * secret's name. Printed like a binding, with the place in brackets: {@code jupyterhub:[organisation]/BOT_PAT}.
 *
 * @param organisation the organisation's login, checked like a repository owner and kept in lower case
 *        (GitHub logins ignore case, and so does the record's Vault path)
 * @param secretName kept in upper case, as GitHub stores it
 */
public record OrgSecretTarget(String organisation, SecretName secretName) {

	public OrgSecretTarget {
		if (organisation == null || secretName == null) {
			throw new IllegalArgumentException("an organisation secret needs an organisation and a secret name");
		}
		organisation = organisation(organisation);
		// GitHub stores secret names in upper case: the one spelling for paths, ledger keys and output.
		secretName = new SecretName(secretName.value().toUpperCase(Locale.ROOT));
	}

	/**
	 * An organisation's login as botkeeper keeps it: checked like a repository owner (the same rules, the
	 * same message), in lower case.
	 */
	public static String organisation(String login) {
		return new RepositoryName(login, "repository").owner().toLowerCase(Locale.ROOT);
	}

	/** Who can read the value, to finish "... can read it". */
	public String readers(int repositories) {
		return "every workflow of the " + repositories + " selected " + (repositories == 1 ? "repository" : "repositories")
				+ " of " + organisation + ", on any branch,";
	}

	/** {@code org:[organisation]/NAME (2 repositories)}: how plans and status show the secret. */
	public String display(int repositories) {
		return this + " (" + repositories + (repositories == 1 ? " repository)" : " repositories)");
	}

	@Override
	public String toString() {
		return organisation + ":[organisation]/" + secretName;
	}

}
