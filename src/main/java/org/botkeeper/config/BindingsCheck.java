package org.botkeeper.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;

/**
 * A {@link BindingsFile} held against Vault's token records: declared bindings with no token, tokens
 * the file does not declare (left alone, still synced), and tokens whose binding differs from their
 * declaration (held back from the run: the file was reviewed, the record may not have been).
 *
 * @param missing declarations whose repository has no token in Vault
 * @param undeclared bindings of token records the file does not declare
 * @param differing declarations whose token record says another binding
 * @param organisationSecrets the file's organisation secrets held against theirs, when the run read them
 */
public record BindingsCheck(BindingsFile file, List<BindingsFile.Declaration> missing, List<Binding> undeclared,
		List<Difference> differing, OrgSecretsCheck organisationSecrets) {

	public BindingsCheck {
		missing = List.copyOf(missing);
		undeclared = List.copyOf(undeclared);
		differing = List.copyOf(differing);
	}

	/** Nothing compared yet: a run that reads organisation secrets only starts from this. */
	public static BindingsCheck none(BindingsFile file) {
		return new BindingsCheck(file, List.of(), List.of(), List.of(), OrgSecretsCheck.NOT_CHECKED);
	}

	/** This check with the organisation secrets' comparison, once the run has read their records. */
	public BindingsCheck with(OrgSecretsCheck organisations) {
		return new BindingsCheck(file, missing, undeclared, differing, organisations);
	}

	/** A declaration, and the binding Vault's record has instead. */
	public record Difference(BindingsFile.Declaration declared, Binding inVault) {
	}

	/**
	 * Compares {@code file} with {@code desired}, the records a plan read. When {@code only} is not
	 * empty the plan read only those repositories, so only their declarations are compared. A record
	 * whose binding was not read from the value's own version ({@link DesiredSecret#bindingKnown()}) is
	 * neither missing nor different: the plan shows why it could not be read.
	 */
	public static BindingsCheck of(BindingsFile file, List<DesiredSecret> desired, Set<RepositoryName> only) {
		List<BindingsFile.Declaration> missing = new ArrayList<>();
		List<Difference> differing = new ArrayList<>();
		for (BindingsFile.Declaration declaration : file.declarations()) {
			RepositoryName repository = declaration.binding().repository();
			if (!only.isEmpty() && !only.contains(repository)) {
				continue;
			}
			Optional<DesiredSecret> record = desired.stream()
				.filter(secret -> secret.binding().repository().equals(repository))
				.findFirst();
			if (record.isEmpty() || !record.get().hasValue() && record.get().bindingKnown()) {
				missing.add(declaration);
			}
			else if (record.get().bindingKnown() && !record.get().binding().equals(declaration.binding())) {
				differing.add(new Difference(declaration, record.get().binding()));
			}
		}
		List<Binding> undeclared = desired.stream()
			.map(DesiredSecret::binding)
			.filter(binding -> file.declarationOf(binding.repository()).isEmpty())
			.toList();
		return new BindingsCheck(file, missing, undeclared, differing, OrgSecretsCheck.NOT_CHECKED);
	}

	/**
	 * Whether a person must act: a declared binding has no token, or its token goes elsewhere (or the same of
	 * an organisation secret).
	 */
	public boolean needsAttention() {
		return !missing.isEmpty() || !differing.isEmpty() || organisationSecrets.needsAttention();
	}

	/** Declarations with no token in Vault, bindings and organisation secrets together. */
	public int missingCount() {
		return missing.size() + organisationSecrets.missing().size();
	}

	/** Tokens bound elsewhere than declared (held back), bindings and organisation secrets together. */
	public int differingCount() {
		return differing.size() + organisationSecrets.differing().size();
	}

	/** Tokens the file does not declare (synced), bindings and organisation secrets together. */
	public int undeclaredCount() {
		return undeclared.size() + organisationSecrets.undeclared().size();
	}

	/**
	 * {@code planned} without the items of repositories whose token differs from its declaration, so
	 * that nothing is written for them (nor deleted where their binding moved) until the file and the
	 * record agree. The planner is not asked again: the rest of the plan stands as it was made.
	 */
	public SyncEngine.PlannedRun holdBack(SyncEngine.PlannedRun planned) {
		if (differing.isEmpty()) {
			return planned;
		}
		Set<RepositoryName> held = differing.stream()
			.map(difference -> difference.declared().binding().repository())
			.collect(Collectors.toSet());
		Plan kept = new Plan(planned.plan()
			.items()
			.stream()
			.filter(item -> !held.contains(item.binding().repository()))
			.toList());
		return new SyncEngine.PlannedRun(kept, planned.desired(), planned.ledger(), planned.observed());
	}

	/**
	 * The {@code config} object of {@code sync --format json} and of serve's {@code /api/status}: the
	 * file, and the three lists, each declaration with where it is declared; the organisation secrets' three
	 * lists in {@code organisation_secrets} when the run read them.
	 */
	public Map<String, Object> document() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("file", file.path().toString());
		document.put("missing", missing.stream().map(this::declaration).toList());
		document.put("undeclared", undeclared.stream().map(Binding::toString).toList());
		document.put("differing", differing.stream().map(difference -> {
			Map<String, Object> row = declaration(difference.declared());
			row.put("in_vault", difference.inVault().toString());
			return row;
		}).toList());
		if (organisationSecrets.checked()) {
			document.put("organisation_secrets", organisationSecrets.document(file));
		}
		return document;
	}

	private Map<String, Object> declaration(BindingsFile.Declaration declaration) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("binding", declaration.binding().toString());
		row.put("declared_at", file.where(declaration));
		row.put("team", declaration.team().orElse(null));
		row.put("permissions", declaration.permissions());
		return row;
	}

}
