package io.pangolin.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection (keep-alive), used by one thread at a time: a request is pre-encoded bytes, the
 * response is read completely (Content-Length, chunked, or until close) and reduced to its status and size.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the load generator must hold exactly N connections with one request
 * in flight on each (a closed loop), and on a single pinned core the client must cost as little as possible so that
 * the servers, not the client, are measured. A blocking socket per thread does both with no pool to tune.
 */
final class HttpConnection implements AutoCloseable {
  /** Status, body size, and the body itself only when the status was not the expected one. */
  record Response(int status, long bodyBytes, String body) {}

  private static final int MAX_CAPTURE = 4096;
  /**
   * How long one read may wait for the server: a server that stops answering (seen once: a server JVM spinning at 100 %
   * on its one core) costs a {@code SocketTimeoutException} per connection, counted as an error, instead of a run that
   * never ends.
   */
  private static final int READ_TIMEOUT_MS = 30_000;

  private final InetSocketAddress address;
  private final byte[] buf = new byte[32 * 1024];
  private int pos;
  private int limit;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(String host, int port) {
    this.address = new InetSocketAddress(host, port);
  }

  /**
   * Sends one request and reads the whole response; its body is kept (up to 4 KB) only if the status is not
   * {@code expectedStatus} (pass -1 to always keep it). On any I/O failure the connection is closed (the next call
   * reconnects) and the error thrown.
   */
  Response send(byte[] request, int expectedStatus) throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(request);
      out.flush();
      return readResponse(request, expectedStatus);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.connect(address, 5_000);
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
    pos = limit = 0;
  }

  private Response readResponse(byte[] request, int expectedStatus) throws IOException {
    String statusLine = readLine();
    // "HTTP/1.1 200 OK"
    int sp = statusLine.indexOf(' ');
    if (!statusLine.startsWith("HTTP/1.") || sp < 0 || statusLine.length() < sp + 4) {
      throw new IOException("bad status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine, sp + 1, sp + 4, 10);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        chunked = value.toLowerCase().contains("chunked");
      } else if (name.equalsIgnoreCase("connection")) {
        close = value.equalsIgnoreCase("close");
      }
    }
    ByteArrayOutputStream body = status != expectedStatus ? new ByteArrayOutputStream() : null;
    long bytes;
    boolean head = request.length > 5 && request[0] == 'H' && request[1] == 'E' && request[2] == 'A';
    if (head || status == 204 || status == 304 || status < 200) {
      bytes = 0;
    } else if (chunked) {
      bytes = 0;
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        bytes += skip(size, body);
        readLine(); // CRLF after the chunk
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (contentLength >= 0) {
      bytes = skip(contentLength, body);
    } else {
      bytes = skip(Long.MAX_VALUE, body); // delimited by close
      close = true;
    }
    if (close) {
      close();
    }
    return new Response(status, bytes, body == null ? null : body.toString(StandardCharsets.UTF_8));
  }

  private long chunkSize() throws IOException {
    String line = readLine();
    int semi = line.indexOf(';');
    return Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
  }

  /** Consumes up to {@code n} bytes (fewer only at end of stream when {@code n} is unbounded). */
  private long skip(long n, ByteArrayOutputStream capture) throws IOException {
    long done = 0;
    while (done < n) {
      if (pos == limit && !fill()) {
        if (n == Long.MAX_VALUE) {
          return done;
        }
        throw new EOFException("connection closed in the body");
      }
      int take = (int) Math.min(limit - pos, n - done);
      if (capture != null && capture.size() < MAX_CAPTURE) {
        capture.write(buf, pos, Math.min(take, MAX_CAPTURE - capture.size()));
      }
      pos += take;
      done += take;
    }
    return done;
  }

  /** One header line without its CRLF (ASCII). */
  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line == null ? part : line.append(part).toString();
        }
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
      pos = limit;
      if (line.length() > 64 * 1024) {
        throw new IOException("header line too long");
      }
      if (!fill()) {
        throw new EOFException("connection closed by the server");
      }
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }

  // ---- request encoding ------------------------------------------------------------------------------------

  /** Encodes a request; {@code headers} are complete header lines, each ending in CRLF (see {@link Headers}). */
  static byte[] request(String method, String authority, String path, String headers, String jsonBody) {
    StringBuilder r = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
        .append(authority).append("\r\nAccept: application/json\r\n").append(headers);
    byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      r.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    r.append("\r\n");
    byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return head;
    }
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}
