package org.botkeeper.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;

import org.botkeeper.sync.DesiredOrgSecret;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.OrgSecretTarget;

/**
 * The organisation secrets of a {@link BindingsFile} held against Vault's records, as {@link BindingsCheck}
 * does for repository bindings: declared with no record, records the file does not declare (synced,
 * flagged), and records whose repositories differ from the declaration (held back: the file was reviewed,
 * the record may not have been, and it decides which repositories can read the token).
 *
 * @param checked false when the run did not plan organisation secrets (named repositories only): the lists
 *     are empty then because nothing was compared
 */
public record OrgSecretsCheck(boolean checked, List<BindingsFile.OrgDeclaration> missing,
		List<OrgSecretTarget> undeclared, List<Difference> differing) {

	/** Nothing compared: the run did not read the organisation secrets. */
	public static final OrgSecretsCheck NOT_CHECKED = new OrgSecretsCheck(false, List.of(), List.of(), List.of());

	public OrgSecretsCheck {
		missing = List.copyOf(missing);
		undeclared = List.copyOf(undeclared);
		differing = List.copyOf(differing);
	}

	/** A declaration, and the repositories Vault's record gives the secret to instead. */
	public record Difference(BindingsFile.OrgDeclaration declared, SortedSet<String> inVault) {
	}

	/**
	 * Compares the file's organisation secrets with {@code desired}, the records a plan read. When
	 * {@code organisations} is not empty the plan read only theirs, so only their declarations are compared.
	 * A record that could not be read is neither missing nor different: the plan shows why.
	 */
	public static OrgSecretsCheck of(BindingsFile file, List<DesiredOrgSecret> desired, Set<String> organisations) {
		List<BindingsFile.OrgDeclaration> missing = new ArrayList<>();
		List<Difference> differing = new ArrayList<>();
		for (BindingsFile.OrgDeclaration declaration : file.organisationSecrets()) {
			if (!organisations.isEmpty() && !organisations.contains(declaration.target().organisation())) {
				continue;
			}
			Optional<DesiredOrgSecret> record = desired.stream()
				.filter(secret -> secret.target().equals(declaration.target()))
				.findFirst();
			if (record.isEmpty() || record.get().failure().isEmpty() && !record.get().hasValue()) {
				missing.add(declaration);
			}
			else if (record.get().failure().isEmpty() && !record.get().repositories().equals(declaration.repositories())) {
				differing.add(new Difference(declaration, record.get().repositories()));
			}
		}
		List<OrgSecretTarget> undeclared = desired.stream()
			.map(DesiredOrgSecret::target)
			.filter(target -> file.declarationOf(target).isEmpty())
			.toList();
		return new OrgSecretsCheck(true, missing, undeclared, differing);
	}

	/** Whether a person must act: a declared secret has no record, or its record gives it to other repositories. */
	public boolean needsAttention() {
		return !missing.isEmpty() || !differing.isEmpty();
	}

	/**
	 * {@code planned} without the items of secrets whose record differs from its declaration: nothing is
	 * written for them (the list is not repaired either way) until the file and the record agree.
	 */
	public OrgSecretSync.Planned holdBack(OrgSecretSync.Planned planned) {
		if (differing.isEmpty()) {
			return planned;
		}
		Set<OrgSecretTarget> held = differing.stream()
			.map(difference -> difference.declared().target())
			.collect(Collectors.toSet());
		return new OrgSecretSync.Planned(planned.items().stream().filter(item -> !held.contains(item.target())).toList(),
				planned.desired());
	}

	/** The {@code organisation_secrets} object within {@link BindingsCheck#document()}. */
	Map<String, Object> document(BindingsFile file) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("missing", missing.stream().map(declaration -> declaration(file, declaration)).toList());
		document.put("undeclared", undeclared.stream().map(OrgSecretTarget::toString).toList());
		document.put("differing", differing.stream().map(difference -> {
			Map<String, Object> row = declaration(file, difference.declared());
			row.put("in_vault", List.copyOf(difference.inVault()));
			return row;
		}).toList());
		return document;
	}

	private static Map<String, Object> declaration(BindingsFile file, BindingsFile.OrgDeclaration declaration) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("organisation_secret", declaration.target().toString());
		row.put("repositories", List.copyOf(declaration.repositories()));
		row.put("declared_at", file.where(declaration));
		row.put("team", declaration.team().orElse(null));
		return row;
	}

}
