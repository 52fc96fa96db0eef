package io.pangolin.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** The external services of a run: throwaway PostgreSQL databases, Redis key clean-up, warehouse directories. */
final class Services {
  private final String pgBaseUrl;
  private final String pgUser;
  private final URI redis;

  /**
   * @param pgBaseUrl {@code jdbc:postgresql://host:port} (no database)
   * @param redis     {@code redis://host:port}
   */
  Services(String pgBaseUrl, String pgUser, String redis) {
    this.pgBaseUrl = pgBaseUrl.endsWith("/") ? pgBaseUrl.substring(0, pgBaseUrl.length() - 1) : pgBaseUrl;
    this.pgUser = pgUser;
    this.redis = URI.create(redis);
  }

  String jdbcUrl(String database) {
    return pgBaseUrl + "/" + database;
  }

  String redisAddress() {
    return redis.toString();
  }

  // ---- PostgreSQL ------------------------------------------------------------------------------------------

  String postgresVersion() throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version")) {
      r.next();
      return r.getString(1);
    }
  }

  void createDatabase(String name) throws SQLException {
    execute("CREATE DATABASE " + checkedName(name));
  }

  /** Drops the database even if a (killed) server still holds connections to it. */
  void dropDatabase(String name) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + checkedName(name) + " WITH (FORCE)");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(jdbcUrl("postgres"), pgUser, "");
  }

  private static String checkedName(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("bad database name " + name);
    }
    return name;
  }

  // ---- Redis (a few commands over RESP; no client library needed) -------------------------------------------

  /** The server's version, or throws if Redis does not answer. */
  String redisVersion() throws IOException {
    String info = redisCommand("INFO", "server");
    for (String line : info.split("\r\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length());
      }
    }
    return "unknown";
  }

  /** Deletes every key starting with {@code prefix} (the cache's key prefix of one run); returns how many. */
  long deleteRedisKeys(String prefix) throws IOException {
    String script = "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n = n + 1 end "
        + "return n";
    return Long.parseLong(redisCommand("EVAL", script, "0", prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*"));
  }

  /** Sends one command; answers a simple string, integer or bulk string reply as text; an error reply throws. */
  private String redisCommand(String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(redis.getHost(), redis.getPort() < 0 ? 6379 : redis.getPort()), 2_000);
      s.setSoTimeout(10_000);
      StringBuilder cmd = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        cmd.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      int type = in.read();
      String line = readLine(in);
      return switch (type) {
        case '+', ':' -> line;
        case '$' -> {
          int n = Integer.parseInt(line);
          yield n < 0 ? "" : new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }
        case '-' -> throw new IOException("redis: " + line);
        default -> throw new IOException("unexpected redis reply '" + (char) type + line + "'");
      };
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\r'; c = in.read()) {
      if (c < 0) {
        throw new IOException("redis closed the connection");
      }
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  // ---- files -----------------------------------------------------------------------------------------------

  /** Deletes a directory tree (the file: warehouse of one run); absent is fine. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
