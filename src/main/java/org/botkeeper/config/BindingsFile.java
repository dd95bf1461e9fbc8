package org.botkeeper.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.TokenPermissions;
import org.botkeeper.sync.TokenKind;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code botkeeper.yaml}: the bindings an organisation declares, without values, so that a reviewed
 * file says which repository's token goes where, and which repositories an organisation secret is given to. Read with SnakeYAML's node API (never into objects),
 * so every problem names its line; all problems of a file are reported together, in one
 * {@link UserFacingException}, before anything is contacted.
 *
 * <pre>
 * bindings:
 *   - repository: jupyterhub/binderhub
 *     account: jupyterhub-bot-2       # optional: the bot (--account) whose token it is; default the first
 *     destination: environment        # optional: environment (default), repository, dependabot
 *     environment: jupyterhub-bot     # optional, environment secrets only
 *     secret_name: JUPYTERHUB_BOT_PAT # optional
 *     team: binderhub-maintainers     # optional, shown only
 *     permissions: [contents:write]   # optional, NAME:LEVEL: token rotate fills GitHub's form with them
 * organisation_secrets:
 *   - organisation: jupyterhub
 *     secret_name: JUPYTERHUB_BOT_PAT
 *     repositories: [binderhub, repo2docker]  # names within the organisation
 *     account: jupyterhub-bot-2       # optional, as above
 *     team: hub-maintainers           # optional, shown only
 * </pre>
 *
 * Either list may be left out, not both.
 */
public record BindingsFile(Path path, List<Declaration> declarations, List<OrgDeclaration> organisationSecrets) {

	private static final Set<String> KEYS = Set.of("repository", "account", "destination", "environment", "secret_name",
			"team", "permissions");

	private static final String KEY_LIST = "repository, account, destination, environment, secret_name, team, permissions";

	private static final Set<String> ORG_KEYS = Set.of("organisation", "secret_name", "repositories", "account", "team");

	private static final String ORG_KEY_LIST = "organisation, secret_name, repositories, account, team";

	private static final String TOP_LEVEL = "'bindings:' (repository bindings) and 'organisation_secrets:'";

	/** A GitHub login, as {@code --account} takes it. */
	private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern
		.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

	public BindingsFile {
		declarations = List.copyOf(declarations);
		organisationSecrets = List.copyOf(organisationSecrets);
	}

	/** A file that declares repository bindings only. */
	public BindingsFile(Path path, List<Declaration> declarations) {
		this(path, declarations, List.of());
	}

	/**
	 * One declared binding and where it is written.
	 *
	 * @param team the owning team, free text, shown only
	 * @param permissions what the token needs, {@code NAME:LEVEL} each as {@link TokenPermissions} writes them
	 * @param account the bot whose token it is ({@code --account}, in lower case); empty for the first bot
	 */
	public record Declaration(Binding binding, int line, Optional<String> team, List<String> permissions,
			Optional<String> account) {

		public Declaration {
			permissions = List.copyOf(permissions);
		}

	}

	/**
	 * One declared organisation secret ({@code org-secret put}) and where it is written.
	 *
	 * @param repositories the selected repositories' names within the organisation, in lower case
	 * @param team the owning team, free text, shown only
	 * @param account the bot whose token it is, as in {@link Declaration}
	 */
	public record OrgDeclaration(OrgSecretTarget target, SortedSet<String> repositories, int line, Optional<String> team,
			Optional<String> account) {

		public OrgDeclaration {
			repositories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(repositories));
		}

	}

	/** {@code FILE:LINE}, how a person finds a declaration in an editor. */
	public String where(Declaration declaration) {
		return path + ":" + declaration.line();
	}

	/** {@code FILE:LINE} of an organisation secret's declaration. */
	public String where(OrgDeclaration declaration) {
		return path + ":" + declaration.line();
	}

	/**
	 * The declarations of one bot: {@code account} as {@code --account} names it (any case), empty for the
	 * first bot (no {@code --account}). The others are another bot's, whose own runs hold its records against
	 * them; every declaration was validated when the file was read.
	 */
	public BindingsFile forAccount(Optional<String> account) {
		Optional<String> lower = account.map(name -> name.toLowerCase(java.util.Locale.ROOT));
		return new BindingsFile(path, declarations.stream().filter(d -> d.account().equals(lower)).toList(),
				organisationSecrets.stream().filter(d -> d.account().equals(lower)).toList());
	}

	/** The declaration of {@code repository}, if the file has one (a repository has one token record). */
	public Optional<Declaration> declarationOf(RepositoryName repository) {
		return declarations.stream().filter(d -> d.binding().repository().equals(repository)).findFirst();
	}

	/** The declaration of the organisation secret {@code target}, if the file has one. */
	public Optional<OrgDeclaration> declarationOf(OrgSecretTarget target) {
		return organisationSecrets.stream().filter(d -> d.target().equals(target)).findFirst();
	}

	/**
	 * Reads and validates {@code path}; an environment or secret name left out takes {@code defaults}
	 * (the same as {@code token put} gives a new record).
	 *
	 * @throws UserFacingException listing every problem of the file, one {@code FILE:LINE: ...} a line
	 */
	public static BindingsFile read(Path path, EnvironmentName defaultEnvironment, SecretName defaultSecretName) {
		Node root;
		try (Reader reader = Files.newBufferedReader(path)) {
			root = new Yaml().compose(reader);
		}
		catch (NoSuchFileException ex) {
			throw UserFacingException.badInput(path + ": no such file. Give sync --config (serve: botkeeper.config) the path of a bindings file "
					+ "(botkeeper.yaml, see README 'Bindings as code').");
		}
		catch (IOException ex) {
			throw UserFacingException.badInput(path + ": cannot be read (" + ex.getClass().getSimpleName()
					+ "). Check the path and its permissions.");
		}
		catch (MarkedYAMLException ex) {
			// The problem only, never the snippet of the file the full message quotes.
			int line = ex.getProblemMark() == null ? 1 : ex.getProblemMark().getLine() + 1;
			throw UserFacingException.badInput(path + ":" + line + ": not valid YAML (" + ex.getProblem()
					+ "). Write 'bindings:' followed by a list of '- repository: OWNER/REPO' entries.");
		}
		catch (YAMLException ex) {
			// SnakeYAML reads the stream itself, so a decoding failure arrives wrapped.
			if (ex.getCause() instanceof CharacterCodingException) {
				throw UserFacingException.badInput(path + ": not UTF-8 text. Save the bindings file as UTF-8.");
			}
			throw UserFacingException.badInput(path + ": not valid YAML. Write 'bindings:' followed by a list of "
					+ "'- repository: OWNER/REPO' entries.");
		}
		return new Reading(path, defaultEnvironment, defaultSecretName).file(root);
	}

	/** One pass over a file's nodes, collecting every problem rather than stopping at the first. */
	private static final class Reading {

		private final Path path;

		private final EnvironmentName defaultEnvironment;

		private final SecretName defaultSecretName;

		private final List<String> problems = new ArrayList<>();

		Reading(Path path, EnvironmentName defaultEnvironment, SecretName defaultSecretName) {
			this.path = path;
			this.defaultEnvironment = defaultEnvironment;
			this.defaultSecretName = defaultSecretName;
		}

		BindingsFile file(Node root) {
			Map<String, SequenceNode> lists = lists(root);
			List<Declaration> declarations = new ArrayList<>();
			// A repository has one token record per bot: two bots may each declare it.
			Map<List<Object>, Integer> seen = new HashMap<>();
			for (Node entry : entries(lists.get("bindings"))) {
				declaration(entry).ifPresent(declaration -> {
					Integer first = seen.putIfAbsent(List.of(declaration.account(), declaration.binding().repository()),
							declaration.line());
					if (first != null) {
						problem(entry, declaration.binding().repository() + " is declared again (first at line "
								+ first + "): a repository has one token record" + ofBot(declaration.account())
								+ ", so declare it once.");
					}
					else {
						declarations.add(declaration);
					}
				});
			}
			List<OrgDeclaration> organisationSecrets = new ArrayList<>();
			for (Node entry : entries(lists.get("organisation_secrets"))) {
				orgDeclaration(entry).ifPresent(declaration -> {
					Integer first = seen.putIfAbsent(List.of(declaration.account(), declaration.target()), declaration.line());
					if (first != null) {
						problem(entry, declaration.target() + " is declared again (first at line " + first
								+ "): an organisation secret has one record" + ofBot(declaration.account())
								+ ", so declare it once.");
					}
					else {
						organisationSecrets.add(declaration);
					}
				});
			}
			if (!problems.isEmpty()) {
				throw UserFacingException.badInput(String.join("\n", problems));
			}
			return new BindingsFile(path, declarations, organisationSecrets);
		}

		private static String ofBot(Optional<String> account) {
			return account.map(name -> " of bot " + name).orElse("");
		}

		private static List<Node> entries(SequenceNode list) {
			return list == null ? List.of() : list.getValue();
		}

		/** The top-level lists by key; either may be left out, not both. */
		private Map<String, SequenceNode> lists(Node root) {
			Map<String, SequenceNode> lists = new HashMap<>();
			if (!(root instanceof MappingNode top)) {
				problem(root, "expected 'bindings:' followed by a list of '- repository: OWNER/REPO' entries "
						+ "(or 'organisation_secrets:' followed by '- organisation: ORG' entries).");
				return lists;
			}
			for (NodeTuple tuple : top.getValue()) {
				String key = key(tuple);
				if (!"bindings".equals(key) && !"organisation_secrets".equals(key)) {
					problem(tuple.getKeyNode(), "unknown top-level key" + named(key) + ": the file has only " + TOP_LEVEL
							+ ".");
				}
				else if (lists.containsKey(key)) {
					problem(tuple.getKeyNode(), "'" + key + "' is given twice: keep one list.");
				}
				else if (tuple.getValueNode() instanceof SequenceNode sequence) {
					lists.put(key, sequence);
				}
				else if ("bindings".equals(key)) {
					problem(tuple.getValueNode(), "'bindings' must be a list: write each binding on a line of its own "
							+ "starting with '- repository: OWNER/REPO'.");
				}
				else {
					problem(tuple.getValueNode(), "'organisation_secrets' must be a list: write each on a line of its "
							+ "own starting with '- organisation: ORG'.");
				}
			}
			if (lists.isEmpty() && problems.isEmpty()) {
				problem(root, "no 'bindings:' list: write 'bindings:' followed by '- repository: OWNER/REPO' entries "
						+ "(or 'organisation_secrets:' followed by '- organisation: ORG' entries).");
			}
			return lists;
		}

		private Optional<OrgDeclaration> orgDeclaration(Node entry) {
			if (!(entry instanceof MappingNode mapping)) {
				problem(entry, "an organisation secret must be a mapping: write '- organisation: ORG' and its keys "
						+ "below it.");
				return Optional.empty();
			}
			Map<String, Node> values = new HashMap<>();
			for (NodeTuple tuple : mapping.getValue()) {
				String key = key(tuple);
				if (key == null || !ORG_KEYS.contains(key)) {
					problem(tuple.getKeyNode(), "unknown key" + named(key) + ": an organisation secret has "
							+ ORG_KEY_LIST + " (a value never belongs in this file).");
				}
				else if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
					problem(tuple.getKeyNode(), "'" + key + "' is given twice in this organisation secret: keep one.");
				}
			}
			int problemsBefore = problems.size();
			for (String required : List.of("organisation", "secret_name", "repositories")) {
				if (!values.containsKey(required)) {
					problem(entry, "missing '" + required + "': an organisation secret needs organisation, secret_name "
							+ "and repositories (e.g. 'repositories: [binderhub, repo2docker]').");
				}
			}
			String organisation = parse(values.get("organisation"), "organisation", OrgSecretTarget::organisation);
			SecretName secretName = parse(values.get("secret_name"), "secret_name", SecretName::new);
			SortedSet<String> repositories = repositories(values.get("repositories"));
			String team = parse(values.get("team"), "team", this::team);
			String account = parse(values.get("account"), "account", this::account);
			if (problems.size() > problemsBefore) {
				return Optional.empty();
			}
			return Optional.of(new OrgDeclaration(new OrgSecretTarget(organisation, secretName), repositories,
					line(entry), Optional.ofNullable(team),
					Optional.ofNullable(account).map(name -> name.toLowerCase(java.util.Locale.ROOT))));
		}

		/** The repositories an organisation secret is given to, as {@code org-secret put --repositories} reads them. */
		private SortedSet<String> repositories(Node node) {
			SortedSet<String> repositories = new TreeSet<>();
			if (node == null) {
				return repositories;
			}
			if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
				problem(node, "'repositories' must be a list of at least one repository name within the organisation: "
						+ "write e.g. [binderhub, repo2docker].");
				return repositories;
			}
			for (Node item : sequence.getValue()) {
				String name = parse(item, "repositories", this::repositoryWithin);
				if (name != null && !repositories.add(name)) {
					problem(item, "'repositories': " + name + " is given twice: keep one.");
				}
			}
			return repositories;
		}

		private String repositoryWithin(String text) {
			if (text.contains("/")) {
				throw new InvalidNameException("write the repository's name within the organisation, without its owner "
						+ "(an organisation secret reaches its own organisation's repositories only).");
			}
			return new RepositoryName("owner", text).repo().toLowerCase(java.util.Locale.ROOT);
		}

		private Optional<Declaration> declaration(Node entry) {
			if (!(entry instanceof MappingNode mapping)) {
				problem(entry, "a binding must be a mapping: write '- repository: OWNER/REPO' and its keys below it.");
				return Optional.empty();
			}
			Map<String, Node> values = new HashMap<>();
			for (NodeTuple tuple : mapping.getValue()) {
				String key = key(tuple);
				if (key == null || !KEYS.contains(key)) {
					problem(tuple.getKeyNode(), "unknown key" + named(key) + ": a binding has " + KEY_LIST
							+ " (a value never belongs in this file).");
				}
				else if (values.putIfAbsent(key, tuple.getValueNode()) != null) {
					problem(tuple.getKeyNode(), "'" + key + "' is given twice in this binding: keep one.");
				}
			}
			int problemsBefore = problems.size();
			Node repositoryNode = values.get("repository");
			if (repositoryNode == null) {
				problem(entry, "missing 'repository': write 'repository: OWNER/REPO'.");
			}
			RepositoryName repository = parse(repositoryNode, "repository", RepositoryName::parse);
			DestinationKind kind = Optional.ofNullable(parse(values.get("destination"), "destination", DestinationKind::of))
				.orElse(DestinationKind.ENVIRONMENT);
			EnvironmentName environment = parse(values.get("environment"), "environment", EnvironmentName::new);
			if (values.containsKey("environment") && kind != DestinationKind.ENVIRONMENT) {
				problem(values.get("environment"), "a " + kind.description() + " has no environment: drop "
						+ "'environment', or write 'destination: environment'.");
			}
			SecretName secretName = parse(values.get("secret_name"), "secret_name", SecretName::new);
			String team = parse(values.get("team"), "team", this::team);
			String account = parse(values.get("account"), "account", this::account);
			List<String> permissions = permissions(values.get("permissions"));
			if (problems.size() > problemsBefore) {
				return Optional.empty();
			}
			Binding binding = Binding.of(repository, kind, environment == null ? defaultEnvironment : environment,
					secretName == null ? defaultSecretName : secretName);
			return Optional.of(new Declaration(binding, line(entry), Optional.ofNullable(team), permissions,
					Optional.ofNullable(account).map(name -> name.toLowerCase(java.util.Locale.ROOT))));
		}

		/** The value of {@code node} parsed by {@code parser}; null (and a problem) when it is not one. */
		private <T> T parse(Node node, String key, Function<String, T> parser) {
			if (node == null) {
				return null;
			}
			String text = scalar(node, key);
			if (text == null) {
				return null;
			}
			try {
				return parser.apply(text);
			}
			catch (InvalidNameException ex) {
				problem(node, "'" + key + "': " + ex.getMessage());
				return null;
			}
		}

		private String account(String text) {
			if (!ACCOUNT.matcher(text).matches()) {
				throw new InvalidNameException("write the bot's GitHub login as --account takes it (letters, digits, "
						+ "single hyphens), or leave 'account' out for the first bot.");
			}
			return text;
		}

		private String team(String text) {
			if (text.isBlank() || text.length() > 100 || text.chars().anyMatch(Character::isISOControl)) {
				throw new InvalidNameException("use one line of up to 100 characters naming the owning team.");
			}
			return text;
		}

		private List<String> permissions(Node node) {
			if (node == null) {
				return List.of();
			}
			if (!(node instanceof SequenceNode sequence)) {
				problem(node, "'permissions' must be a list: write e.g. [contents:write, metadata:read].");
				return List.of();
			}
			// Read as token rotate reads --permission, so that whatever the file declares fills GitHub's form.
			Map<String, String> permissions = new LinkedHashMap<>();
			for (Node item : sequence.getValue()) {
				String text = scalar(item, "permissions");
				if (text == null) {
					continue;
				}
				try {
					Map.Entry<String, String> permission = TokenPermissions.parse(List.of(text)).entrySet().iterator().next();
					if (permissions.putIfAbsent(permission.getKey(), permission.getValue()) != null) {
						problem(item, "'permissions': " + permission.getKey() + " is given twice in this binding: "
								+ "keep one level.");
					}
				}
				catch (InvalidNameException ex) {
					problem(item, "'permissions': " + ex.getMessage() + ".");
				}
			}
			return TokenPermissions.texts(permissions);
		}

		/**
		 * The text of a scalar; null (and a problem) for anything else. A value shaped like a GitHub token
		 * is refused without being repeated: it must not be in the file at all.
		 */
		private String scalar(Node node, String key) {
			if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
				problem(node, "'" + key + "' needs a single value on the same line.");
				return null;
			}
			String text = scalar.getValue();
			if (TokenKind.of(text.toCharArray()).isPresent()) {
				problem(node, "'" + key + "' holds what looks like a GitHub token. This file declares bindings "
						+ "without values: remove it (and from the file's history), and revoke the token.");
				return null;
			}
			return text;
		}

		private String key(NodeTuple tuple) {
			return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
		}

		private String named(String key) {
			if (key == null) {
				return "";
			}
			return TokenKind.of(key.toCharArray()).isPresent() ? " (shaped like a GitHub token, not repeated)"
					: " '" + printable(key) + "'";
		}

		private void problem(Node node, String message) {
			problems.add(path + ":" + line(node) + ": " + message);
		}

		private static int line(Node node) {
			return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
		}

		private static String printable(String text) {
			String shown = text.codePoints()
				.limit(60)
				.mapToObj(c -> Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c))
				.reduce("", String::concat);
			return text.length() > 60 ? shown + "..." : shown;
		}

	}

}
