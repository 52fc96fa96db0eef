package io.pangolin.cache;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKind;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binary form of cached values in Redis: a format byte, then a type tag and the fields in record order. Written
 * by hand (no reflection, no class names on the wire), so it works in a named module and a value written by another
 * version of Pangolin is simply not understood ({@link IllegalArgumentException}: a cache miss), never mis-read.
 *
 * <p>Values are what the decorator caches: {@code Optional<Tenant|Catalog|Namespace|Asset|User>} of the gets and
 * {@code Page<Namespace|Asset>} of the listings.
 */
final class ValueCodec {
  private static final byte FORMAT = 1;
  private static final byte EMPTY = 0;
  private static final byte TENANT = 1;
  private static final byte WAREHOUSE = 2;
  private static final byte CATALOG = 3;
  private static final byte NAMESPACE = 4;
  private static final byte ASSET = 5;
  private static final byte USER = 6;
  private static final byte PAGE = 20;

  private ValueCodec() {}

  static byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      write(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException not a value of this format */
  static Object decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readByte() != FORMAT) {
        throw new IllegalArgumentException("unknown cache value format");
      }
      Object v = read(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes in cache value");
      }
      return v;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("undecodable cache value", e);
    }
  }

  private static void write(DataOutputStream out, Object value) throws IOException {
    switch (value) {
      case Optional<?> o when o.isEmpty() -> out.writeByte(EMPTY);
      case Optional<?> o -> write(out, o.get());
      case Tenant t -> {
        out.writeByte(TENANT);
        str(out, t.name());
        map(out, t.properties());
        instant(out, t.createdAt());
        instant(out, t.updatedAt());
        out.writeLong(t.version());
      }
      case Warehouse w -> {
        out.writeByte(WAREHOUSE);
        str(out, w.tenant());
        str(out, w.name());
        str(out, w.storageRoot());
        map(out, w.storageProperties());
        instant(out, w.createdAt());
        instant(out, w.updatedAt());
        out.writeLong(w.version());
      }
      case Catalog c -> {
        out.writeByte(CATALOG);
        str(out, c.tenant());
        str(out, c.name());
        str(out, c.warehouse());
        map(out, c.properties());
        instant(out, c.createdAt());
        instant(out, c.updatedAt());
        out.writeLong(c.version());
      }
      case Namespace n -> {
        out.writeByte(NAMESPACE);
        str(out, n.tenant());
        str(out, n.catalog());
        namespace(out, n.name());
        map(out, n.properties());
        instant(out, n.createdAt());
        instant(out, n.updatedAt());
        out.writeLong(n.version());
      }
      case Asset a -> {
        out.writeByte(ASSET);
        str(out, a.tenant());
        str(out, a.id());
        str(out, a.catalog());
        namespace(out, a.namespace());
        str(out, a.name());
        str(out, a.kind().name());
        str(out, a.location());
        map(out, a.properties());
        optional(out, a.metadataLocation());
        instant(out, a.createdAt());
        instant(out, a.updatedAt());
        out.writeLong(a.version());
      }
      case User u -> {
        out.writeByte(USER);
        str(out, u.tenant());
        str(out, u.name());
        optional(out, u.email());
        map(out, u.properties());
        instant(out, u.createdAt());
        instant(out, u.updatedAt());
        out.writeLong(u.version());
      }
      case Page<?> p -> {
        out.writeByte(PAGE);
        out.writeInt(p.items().size());
        for (Object item : p.items()) {
          write(out, item);
        }
        optional(out, p.nextToken());
      }
      default -> throw new IllegalArgumentException("not a cacheable value: " + value.getClass().getName());
    }
  }

  private static Object read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case EMPTY -> Optional.empty();
      case TENANT -> Optional.of(new Tenant(str(in), map(in), instant(in), instant(in), in.readLong()));
      case WAREHOUSE -> Optional.of(new Warehouse(str(in), str(in), str(in), map(in), instant(in), instant(in),
          in.readLong()));
      case CATALOG -> Optional.of(new Catalog(str(in), str(in), str(in), map(in), instant(in), instant(in),
          in.readLong()));
      case NAMESPACE -> Optional.of(new Namespace(str(in), str(in), namespace(in), map(in), instant(in), instant(in),
          in.readLong()));
      case ASSET -> Optional.of(new Asset(str(in), str(in), str(in), namespace(in), str(in),
          AssetKind.valueOf(str(in)), str(in), map(in), optional(in), instant(in), instant(in), in.readLong()));
      case USER -> Optional.of(new User(str(in), str(in), optional(in), map(in), instant(in), instant(in),
          in.readLong()));
      case PAGE -> {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
          throw new IllegalArgumentException("bad page size");
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(((Optional<?>) read(in)).orElseThrow());
        }
        yield new Page<>(items, optional(in));
      }
      default -> throw new IllegalArgumentException("unknown cache value tag " + tag);
    };
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("bad string length");
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
    out.writeBoolean(s.isPresent());
    if (s.isPresent()) {
      str(out, s.get());
    }
  }

  private static Optional<String> optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(str(in)) : Optional.empty();
  }

  private static void map(DataOutputStream out, Map<String, String> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, String> e : m.entrySet()) {
      str(out, e.getKey());
      str(out, e.getValue());
    }
  }

  private static Map<String, String> map(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("bad map size");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(str(in), str(in));
    }
    return m;
  }

  private static void namespace(DataOutputStream out, NamespaceName n) throws IOException {
    out.writeInt(n.levels().size());
    for (String level : n.levels()) {
      str(out, level);
    }
  }

  private static NamespaceName namespace(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("bad namespace depth");
    }
    List<String> levels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      levels.add(str(in));
    }
    return new NamespaceName(levels);
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
