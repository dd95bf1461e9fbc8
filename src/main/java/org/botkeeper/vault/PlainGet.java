package org.botkeeper.vault;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.botkeeper.crypto.SecretValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.HttpClientErrorException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Vault reads of a token connection without spring-vault: one GET through the JDK's
 * {@link HttpURLConnection}, the answer parsed with jackson-core's streaming parser. Building spring-vault's
 * client (RestClient, a Jackson ObjectMapper, the JDK HttpClient, whose SSL context is set up even for
 * {@code http://}, and logging) costs a second and more of a short command's start-up; a read needs none of
 * it. It answers only what it can answer exactly as spring-vault would: a record (200), or no record (404,
 * other than a missing mount or namespace), or a denial (403), which is final and audited, so it is not
 * asked again but reported as spring-vault's client would have thrown it. For anything else, including
 * an I/O failure, it answers nothing and the caller makes the call again through spring-vault, whose
 * failures carry the messages people know ({@link VaultCalls}). It is used only where it reaches Vault the same way: no TLS files
 * (VAULT_CACERT, VAULT_CAPATH, client certificates), no path in VAULT_ADDR.
 */
final class PlainGet {

	/** What spring-vault's RestClient would send unencoded; anything else goes through spring-vault. */
	private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._/-]+(\\?list=true)?");

	private static final JsonFactory JSON = new JsonFactory();

	private final URI base;

	private final SecretValue token;

	private final String namespace;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	private PlainGet(URI base, SecretValue token, String namespace, int connectTimeoutMillis, int readTimeoutMillis) {
		this.base = base;
		this.token = token;
		this.namespace = namespace;
		this.connectTimeoutMillis = connectTimeoutMillis;
		this.readTimeoutMillis = readTimeoutMillis;
	}

	/** Reads for {@code settings}, or empty when they need what only spring-vault's client does (TLS files). */
	static Optional<PlainGet> forSettings(VaultSettings settings, int connectTimeoutMillis, int readTimeoutMillis) {
		URI address = settings.address();
		String path = address.getRawPath();
		if (settings.token() == null || settings.caCert() != null || settings.caPath() != null
				|| settings.clientCert() != null || settings.clientKey() != null || address.getRawQuery() != null
				|| address.getRawUserInfo() != null || !(path == null || path.isEmpty() || path.equals("/"))) {
			return Optional.empty();
		}
		URI base = URI.create(address.getScheme() + "://" + address.getRawAuthority() + "/v1/");
		return Optional.of(new PlainGet(base, settings.token(), settings.namespace(), connectTimeoutMillis,
				readTimeoutMillis));
	}

	/** Vault's answer to {@code apiPath} (relative to /v1/), or empty when only spring-vault can tell. */
	Optional<Answer> get(String apiPath) {
		if (!PLAIN_PATH.matcher(apiPath).matches() || apiPath.startsWith("/") || apiPath.contains("..")) {
			return Optional.empty();
		}
		HttpURLConnection http = null;
		try {
			http = (HttpURLConnection) base.resolve(apiPath).toURL().openConnection(Proxy.NO_PROXY);
			http.setConnectTimeout(connectTimeoutMillis);
			http.setReadTimeout(readTimeoutMillis);
			// A redirect (a standby node) is spring-vault's to follow or not, as before.
			http.setInstanceFollowRedirects(false);
			http.setUseCaches(false);
			http.setRequestProperty("Accept", "application/json");
			http.setRequestProperty("X-Vault-Token", token.reveal());
			if (namespace != null) {
				http.setRequestProperty("X-Vault-Namespace", namespace);
			}
			int status = http.getResponseCode();
			long date = http.getHeaderFieldDate("Date", -1);
			InputStream stream = status < 400 ? http.getInputStream() : http.getErrorStream();
			String body;
			try (InputStream in = stream) {
				body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			return Optional.of(new Answer(status, body, date));
		}
		catch (IOException | RuntimeException ex) {
			// The cause is not kept: spring-vault makes the call again and reports it.
			if (http != null) {
				http.disconnect();
			}
			return Optional.empty();
		}
		// No disconnect after a whole answer: the JDK keeps the connection for the next read (one TLS handshake).
	}

	/**
	 * What {@code VaultConnection.read} returns for {@code answer}: a record for 200, none for a 404 of a
	 * missing record; empty when spring-vault must decide (any other status, a 404 of a missing mount or
	 * namespace, a body that is not a JSON object).
	 */
	static Optional<Optional<VaultResponse>> read(Answer answer) {
		if (answer.status() == 404) {
			boolean missingRoute = answer.body().contains("no handler for route")
					|| answer.body().contains("namespace not found");
			return missingRoute ? Optional.empty() : Optional.of(Optional.empty());
		}
		if (answer.status() != 200) {
			return Optional.empty();
		}
		return object(answer.body()).map(PlainGet::response).map(Optional::of);
	}

	/** The JSON object {@code body} as Jackson maps untyped JSON; empty when it is not one whole object. */
	static Optional<Map<String, Object>> object(String body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Optional.empty();
			}
			Map<String, Object> object = readObject(parser);
			return parser.nextToken() == null ? Optional.of(object) : Optional.empty();
		}
		catch (JacksonException | IllegalStateException ex) {
			return Optional.empty();
		}
	}

	@SuppressWarnings("unchecked")
	private static VaultResponse response(Map<String, Object> json) {
		VaultResponse response = new VaultResponse();
		response.setData(json.get("data") instanceof Map<?, ?> data ? (Map<String, Object>) data : null);
		response.setAuth(json.get("auth") instanceof Map<?, ?> auth ? (Map<String, Object>) auth : null);
		response.setMetadata(json.get("metadata") instanceof Map<?, ?> metadata ? (Map<String, Object>) metadata : null);
		if (json.get("wrap_info") instanceof Map<?, ?> wrap) {
			Map<String, String> wrapInfo = new LinkedHashMap<>();
			wrap.forEach((key, value) -> wrapInfo.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
			response.setWrapInfo(wrapInfo);
		}
		response.setLeaseDuration(json.get("lease_duration") instanceof Number number ? number.longValue() : 0);
		response.setLeaseId(json.get("lease_id") instanceof String leaseId ? leaseId : null);
		response.setRequestId(json.get("request_id") instanceof String requestId ? requestId : null);
		response.setRenewable(Boolean.TRUE.equals(json.get("renewable")));
		if (json.get("warnings") instanceof List<?> warnings) {
			response.setWarnings(warnings.stream().map(String::valueOf).toList());
		}
		return response;
	}

	private static Map<String, Object> readObject(JsonParser parser) {
		Map<String, Object> object = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			object.put(name, value(parser));
		}
		return object;
	}

	/** The value at the parser's current token, typed as Jackson's untyped deserializer types it. */
	private static Object value(JsonParser parser) {
		return switch (parser.currentToken()) {
			case START_OBJECT -> readObject(parser);
			case START_ARRAY -> {
				List<Object> array = new ArrayList<>();
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					array.add(value(parser));
				}
				yield array;
			}
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> parser.getNumberValue(); // Integer, Long or BigInteger, the smallest that fits
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new IllegalStateException("unexpected JSON token " + parser.currentToken());
		};
	}

	/** A status, a body and the {@code Date} header in epoch milliseconds (-1 without one). */
	record Answer(int status, String body, long date) {

		/**
		 * The exception spring-vault's client throws for this answer (status and body), so that
		 * {@link VaultCalls} says what went wrong in the same words.
		 */
		HttpClientErrorException asException() {
			return HttpClientErrorException.create(HttpStatusCode.valueOf(status), "", HttpHeaders.EMPTY,
					body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		}

		@Override
		public String toString() {
			return "Answer[status=" + status + ", body=<not shown>, date=" + date + "]";
		}

	}

}
