package org.botkeeper.github;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which repositories of the organisation may use an organisation secret: {@code all}, {@code private}
 * (private and internal ones), or {@code selected} with the ids of the chosen repositories
 * (<a href="https://docs.github.com/en/rest/actions/secrets#create-or-update-an-organization-secret">create
 * or update an organization secret</a>).
 *
 * @param repositoryIds the selected repositories' ids, only for {@link Kind#SELECTED}
 */
public record OrganisationVisibility(Kind kind, SortedSet<Long> repositoryIds) {

	/** GitHub's {@code visibility} values. */
	public enum Kind {

		ALL("all"), PRIVATE("private"), SELECTED("selected");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		/** As GitHub spells it. */
		public String value() {
			return value;
		}

		static Kind of(String value) {
			for (Kind kind : values()) {
				if (kind.value.equals(value)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("unknown visibility");
		}

	}

	public OrganisationVisibility {
		repositoryIds = new TreeSet<>(repositoryIds);
		if (kind != Kind.SELECTED && !repositoryIds.isEmpty()) {
			throw new IllegalArgumentException("Repository ids are only for the visibility 'selected'.");
		}
	}

	public static OrganisationVisibility all() {
		return new OrganisationVisibility(Kind.ALL, new TreeSet<>());
	}

	public static OrganisationVisibility privateRepositories() {
		return new OrganisationVisibility(Kind.PRIVATE, new TreeSet<>());
	}

	public static OrganisationVisibility selected(Set<Long> repositoryIds) {
		return new OrganisationVisibility(Kind.SELECTED, new TreeSet<>(repositoryIds));
	}

	@Override
	public SortedSet<Long> repositoryIds() {
		return new TreeSet<>(repositoryIds);
	}

}
