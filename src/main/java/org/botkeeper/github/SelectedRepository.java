package org.botkeeper.github;

import org.botkeeper.sync.RepositoryName;

/** A repository an organisation secret with visibility {@code selected} is given to: GitHub's id and its name. */
public record SelectedRepository(long id, RepositoryName name) {
}
