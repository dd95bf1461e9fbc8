package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * An Actions environment: its deployment-branch policy, protection rules, its own X25519 key pair
 * (GitHub gives each environment one) and its secrets.
 */
public final class SimEnvironment {

	private final long id;

	private final String name;

	private final Instant createdAt;

	private volatile Instant updatedAt;

	/** null: every branch may deploy; else {protected_branches, custom_branch_policies}. */
	private volatile boolean[] branchPolicy;

	private volatile boolean requiredReviewers;

	private final SimSecretStore secrets = new SimSecretStore();

	SimEnvironment(long id, String name, Instant now) {
		this.id = id;
		this.name = name;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/** Replaces the key pair; boxes sealed to the old key no longer open. */
	public void rotateKey() {
		secrets.rotateKey();
	}

	/** The environment's secrets and key pair. */
	SimSecretStore secretStore() {
		return secrets;
	}

	void setBranchPolicy(boolean[] policy, Instant now) {
		branchPolicy = policy;
		updatedAt = now;
	}

	/** Drops the branch restriction, as an admin editing the environment out of band could. */
	public void unprotect(Instant now) {
		setBranchPolicy(null, now);
	}

	public void requireReviewers(boolean required) {
		requiredReviewers = required;
	}

	/** Stores {@code value} as the secret directly, as someone editing it in GitHub's UI would. */
	public SimSecret putOutOfBand(String secretName, String value, Instant now) {
		return secrets.putOutOfBand(secretName, value, now);
	}

	public SimSecret secret(String secretName) {
		return secrets.secret(secretName);
	}

	/** Every value {@code secretName} was written with (sealed boxes opened), oldest first. */
	public List<String> writes(String secretName) {
		return secrets.writes(secretName);
	}

	public Collection<SimSecret> secrets() {
		return secrets.secrets();
	}

	public long id() {
		return id;
	}

	public String name() {
		return name;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Instant updatedAt() {
		return updatedAt;
	}

	public boolean[] branchPolicy() {
		return branchPolicy == null ? null : branchPolicy.clone();
	}

	public boolean requiredReviewers() {
		return requiredReviewers;
	}

	public String keyId() {
		return secrets.keyId();
	}

	public String publicKeyBase64() {
		return secrets.publicKeyBase64();
	}

}
