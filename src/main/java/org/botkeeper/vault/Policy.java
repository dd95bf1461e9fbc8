package org.botkeeper.vault;

import java.util.Arrays;
import java.util.List;

/**
 * botkeeper's Vault policies, each with the name Vault knows it by (for the default mounts; see
 * {@link VaultLayout#policyName}) and the file in {@code vault-policies/} it is written from.
 */
public enum Policy {

	/** The org admins who keep the bot's credentials. */
	ADMIN("botkeeper-admin", true),

	/** The sync service ({@code serve}, {@code sync}); also the name of its AppRole role. */
	BROKER("botkeeper-broker", true),

	/** People who review what exists and how it is synced, never a value. */
	AUDITOR("botkeeper-auditor", true),

	/** Emergency access: the only policy that may write the 2FA key. */
	BREAKGLASS("botkeeper-breakglass", true),

	/** The template a maintainer policy is generated from, per team ({@code vault policy maintainer}). */
	MAINTAINER("botkeeper-maintainer", false),

	/** What an operator needs to run {@code vault init} instead of a root token; init does not write it. */
	OPERATOR("botkeeper-operator", false);

	private final String policyName;

	private final boolean writtenByInit;

	Policy(String policyName, boolean writtenByInit) {
		this.policyName = policyName;
		this.writtenByInit = writtenByInit;
	}

	/** The policy's name in Vault for the default mounts, e.g. {@code botkeeper-admin}. */
	public String policyName() {
		return policyName;
	}

	/** The file it is written from, relative to the repository (and to the jar's root). */
	public String file() {
		return "vault-policies/" + policyName + ".hcl";
	}

	/** The policies {@code vault init} writes as they are; maintainer policies are generated per team. */
	public static List<Policy> writtenByInit() {
		return Arrays.stream(values()).filter(policy -> policy.writtenByInit).toList();
	}

}
