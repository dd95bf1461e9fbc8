package org.botkeeper.sync;

/** Why the planner chose an action, with the sentence a person reads. */
public enum Reason {

	NEW_BINDING("new binding: the secret does not exist on GitHub yet"),
	ENVIRONMENT_MISSING("the environment does not exist on GitHub"),
	NEW_TOKEN_VERSION("a new token version is in Vault"),
	/**
	 * GitHub's {@code updated_at} is newer than the ledger's record of the last write. A write made after
	 * the snapshot Vault was restored from looks the same (the ledger lost it too), and then Vault's value
	 * is the older token: the sentence says so, since nothing here can tell the two apart.
	 */
	CHANGED_OUT_OF_BAND("the secret was changed on GitHub outside botkeeper (or by a botkeeper write that a restore "
			+ "of Vault from a snapshot undid: then this puts Vault's older version back, so store the newest token "
			+ "with 'botkeeper token put' first)"),
	DELETED_OUT_OF_BAND("the secret was deleted on GitHub outside botkeeper"),
	UNCONFIRMED_WRITE("an earlier write was not confirmed by GitHub"),
	ADOPTED("--adopt: taking over an existing secret botkeeper did not create"),
	FORCED("--force"),
	TOKEN_REFRESH("the minted GitHub App installation token is due to be replaced (they live one hour)"),
	BINDING_REMOVED("the binding is gone from Vault (--prune)"),
	UP_TO_DATE("up to date"),
	OIDC_DELIVERY("delivered by OIDC (oidc enable --remove-secret): the environment secret is deleted and not created "
			+ "again; workflows read the token from Vault"),
	OIDC_DELIVERED("delivered by OIDC (oidc enable --remove-secret): workflows read the token from Vault, and no "
			+ "environment secret is kept"),
	OIDC_UNMANAGED_SECRET("delivered by OIDC (oidc enable --remove-secret), but a secret of that name exists that "
			+ "botkeeper did not create, so it is not deleted: delete it on GitHub if nothing else needs it"),
	ORPHANED("the binding is gone from Vault; its GitHub secret stays (use --prune to delete it)"),
	TARGET_MOVED("the binding now points to another environment or secret name; botkeeper's secret here is deleted (--prune)"),
	TARGET_MOVED_KEPT("the binding now points to another environment or secret name; botkeeper's secret here stays "
			+ "(use --prune to delete it)"),
	REPOSITORY_GONE("GitHub returned 404 for the repository: it was deleted or renamed, or the writer lost access"),
	NO_ACCESS("GitHub returned 403: the writer may not read this repository's environment or its secrets (a GitHub "
			+ "App or fine-grained token needs Actions read and Environments and Secrets write; a PAT, a collaborator "
			+ "with write)"),
	ENVIRONMENT_UNPROTECTED("the environment is not limited to protected branches: any branch could read the token. "
			+ "Restrict it in the repository settings (Environments > Deployment branches)"),
	TOKEN_EXPIRED("the token in Vault has expired: store a new one with 'botkeeper token put'"),
	TOKEN_REVOKED("GitHub reports the token as revoked: store a new one with 'botkeeper token put'"),
	TOKEN_MISSING("the latest version of the token record has no value (deleted in Vault?)"),
	/** Read back from the ledger by {@code status} without GitHub: the block the broker last recorded. */
	BLOCKED_LAST_RUN("the broker's last run blocked it; the message says why"),
	NOT_A_GITHUB_TOKEN("the value in Vault is not a GitHub token (no known prefix), so it is not pushed: store a token "
			+ "with 'botkeeper token put', or an App key with --app-id and --installation-id"),
	APP_CEILING_MISSING("GitHub App mode needs a permission ceiling, and none is set: an admin sets one with "
			+ "'botkeeper writer ceiling set --app-permissions ...'"),
	APP_ABOVE_CEILING("the GitHub App permissions asked for exceed the ceiling an admin set (botkeeper writer ceiling "
			+ "show): store the key again with --app-permissions within it, or ask an admin to raise the ceiling"),
	RECORD_UNREADABLE("Vault answered 403 permission denied to reading the token record: check that the broker's "
			+ "token has policy 'botkeeper-broker' and that no other policy denies this path"),
	RECORD_INVALID("the token record in Vault cannot be read as a binding (written by hand?): store it again with "
			+ "'botkeeper token put'"),
	DUPLICATE_RECORDS("two token records in Vault name this repository in different letter case: remove one with "
			+ "'botkeeper token rm' (then token put again)"),
	/** An organisation secret's list of selected repositories on GitHub is not the one in Vault (edited by hand). */
	SELECTION_CHANGED("the organisation secret's selected repositories on GitHub differ from the list in Vault; "
			+ "they are set back"),
	/** Someone made an organisation secret botkeeper keeps visible to more than the selected repositories. */
	VISIBILITY_WIDENED("the organisation secret's visibility on GitHub is not 'selected' (changed outside botkeeper): "
			+ "it is written again, visible to the selected repositories only"),
	REPOSITORY_UNKNOWN("a selected repository does not exist or the writer cannot see it: nothing is written until "
			+ "the list in Vault is fixed ('botkeeper org-secret put') or the writer gets access"),
	UNMANAGED_SECRET("a secret of that name exists that botkeeper did not create; rerun with --adopt to take it over"),
	GITHUB_READ_FAILED("GitHub could not be read for this binding; the next run tries again"),
	VAULT_READ_FAILED("the token record could not be read from Vault; the next run tries again");

	private final String sentence;

	Reason(String sentence) {
		this.sentence = sentence;
	}

	public String sentence() {
		return sentence;
	}

}
