package org.botkeeper.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP proxy in front of a server that moves the {@code Date} header of every answer by a fixed
 * amount: a server whose clock is off, without touching any machine's clock. It can also answer the
 * requests to one path with an error of its own ({@link #failing}): a server that fails one record. It
 * keeps every request line it saw ({@link #requests}), for a test that counts a client's calls. Written
 * on a plain socket (one request per connection), because the JDK's HTTP server always sets its own Date.
 */
public final class DateShiftingProxy implements AutoCloseable {

	private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "transfer-encoding",
			"host", "keep-alive", "upgrade", "expect");

	private final ServerSocket socket;

	private final HttpClient client = HttpClient.newHttpClient();

	private final URI target;

	private final Duration shift;

	private volatile String failingPath;

	private final java.util.Queue<String> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();

	private volatile int failingStatus;

	private final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();

	private DateShiftingProxy(URI target, Duration shift) throws IOException {
		this.target = target;
		this.shift = shift;
		socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!socket.isClosed()) {
				try {
					Socket connection = socket.accept();
					Thread.ofVirtual().start(() -> serve(connection));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	public static DateShiftingProxy start(URI target, Duration shift) {
		try {
			return new DateShiftingProxy(target, shift);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * From now on, requests whose path contains {@code pathPart} are answered {@code status} with a Vault
	 * error body, without reaching the server; the others pass through.
	 */
	public DateShiftingProxy failing(String pathPart, int status) {
		return failing(pathPart, status, Integer.MAX_VALUE);
	}

	/** Like {@link #failing(String, int)} for the next {@code times} such requests only; later ones pass through. */
	public DateShiftingProxy failing(String pathPart, int status, int times) {
		this.failingStatus = status;
		this.failuresLeft.set(times);
		this.failingPath = pathPart;
		return this;
	}

	private void serve(Socket connection) {
		try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
			String[] head = readHead(in).split("\r\n");
			String[] requestLine = head[0].split(" ");
			requests.add(requestLine[0] + " " + requestLine[1]);
			String failing = failingPath;
			if (failing != null && requestLine[1].contains(failing) && failuresLeft.getAndDecrement() > 0) {
				byte[] error = "{\"errors\":[\"internal error\"]}".getBytes(StandardCharsets.UTF_8);
				out.write(("HTTP/1.1 " + failingStatus + " X\r\nContent-Type: application/json\r\nContent-Length: "
						+ error.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(error);
				out.flush();
				return;
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(requestLine[1]));
			int length = 0;
			for (int i = 1; i < head.length; i++) {
				int colon = head[i].indexOf(':');
				String name = head[i].substring(0, colon).strip();
				String value = head[i].substring(colon + 1).strip();
				if (name.equalsIgnoreCase("content-length")) {
					length = Integer.parseInt(value);
				}
				if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
					request.header(name, value);
				}
			}
			byte[] body = in.readNBytes(length);
			request.method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body));
			HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			StringBuilder answer = new StringBuilder("HTTP/1.1 " + response.statusCode() + " X\r\n");
			response.headers().map().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach(value -> answer.append(name).append(": ").append(value).append("\r\n"));
				}
			});
			ZonedDateTime date = response.headers()
				.firstValue("date")
				.map(text -> ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME))
				.orElse(ZonedDateTime.now(ZoneOffset.UTC));
			answer.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date.plus(shift))).append("\r\n");
			answer.append("Content-Length: ").append(response.body().length).append("\r\nConnection: close\r\n\r\n");
			out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(response.body());
			out.flush();
		}
		catch (IOException ex) {
			// The client went away; nothing to answer.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while (matched < 4 && (b = in.read()) >= 0) {
			head.write(b);
			matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
					? matched + 1 : 0;
		}
		return head.toString(StandardCharsets.ISO_8859_1).strip();
	}

	/** Every request seen so far, oldest first, as {@code METHOD /path?query} (Vault paths hold no values). */
	public java.util.List<String> requests() {
		return java.util.List.copyOf(requests);
	}

	public URI address() {
		return URI.create("http://127.0.0.1:" + socket.getLocalPort());
	}

	@Override
	public void close() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		client.close();
	}

}
