package dev.missive.examples.relay;

import dev.missive.examples.relay.RelayEnvelope.DsnFor;
import dev.missive.examples.relay.RelayEnvelope.DsnRequest;
import dev.missive.examples.relay.RelayEnvelope.RelayRecipient;
import dev.missive.examples.relay.RelayEnvelope.Retry;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Rrvs;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The file form of a {@link RelayEnvelope}: UTF-8 lines, the first {@code missive-relay 3}, then one keyword and its
 * value per line — {@code from} (the reverse path, empty for {@code <>}), {@code arrived}, {@code release} (RFC 3339
 * instants), {@code by} (the {@code BY=} value), {@code priority}, {@code smtputf8}, {@code ret} ({@code FULL} or
 * {@code HDRS}), {@code envid} (decoded), {@code retry} (the failures in a row and the next try's instant),
 * {@code notified} (one per notice sent), {@code dsn-for} (on a bounce: which message and recipients it reports on)
 * and one {@code to} per recipient, followed by TAB-separated fields: its RRVS value, {@code NOTIFY=} values and
 * {@code ORCPT=} (address type, {@code ;}, the decoded address). A mailbox holds no TAB (RFC 5321 §4.1.2), a decoded
 * ORCPT or ENVID is printable US-ASCII (RFC 3461 §4.2, §4.4), so no value can break a line.
 *
 * <p>Older files load: a second-version file ({@code missive-relay 2}) is this form without {@code ret},
 * {@code envid}, {@code retry} and {@code ORCPT=}; a first-version file is the reverse path, then one recipient per
 * line, arrived at the time it was written.
 */
final class EnvelopeFile {

  private static final String MAGIC = "missive-relay 3";
  private static final String SECOND = "missive-relay 2";

  private EnvelopeFile() {}

  static String write(RelayEnvelope e) {
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    b.append("from ").append(e.reversePath()).append('\n');
    b.append("arrived ").append(e.arrival()).append('\n');
    e.deliverBy().ifPresent(by -> b.append("by ").append(by.toParameter().substring("BY=".length())).append('\n'));
    if (!e.priority().equals(MtPriority.NORMAL)) {
      b.append("priority ").append(e.priority().value()).append('\n');
    }
    e.release().ifPresent(r -> b.append("release ").append(r).append('\n'));
    if (e.smtpUtf8()) {
      b.append("smtputf8\n");
    }
    e.dsn().ret().ifPresent(r -> b.append("ret ").append(r.name()).append('\n'));
    e.dsn().envelopeId().ifPresent(id -> b.append("envid ").append(id).append('\n'));
    e.retry().ifPresent(r -> b.append("retry ").append(r.failures()).append(' ').append(r.notBefore()).append('\n'));
    e.notified().stream().sorted().forEach(n -> b.append("notified ").append(n).append('\n'));
    e.dsnFor().ifPresent(d -> b.append("dsn-for ").append(d.messageId()).append(' ').append(d.kind())
        .append(d.recipients().stream().map(r -> "\t" + r).reduce("", String::concat)).append('\n'));
    for (RelayRecipient r : e.recipients()) {
      b.append("to ").append(r.mailbox());
      r.rrvs().ifPresent(v -> b.append('\t').append(v.toParameter().substring("RRVS=".length())));
      if (!r.notifications().isEmpty()) {
        b.append("\tNOTIFY=").append(String.join(",", r.notifications().stream().sorted().map(Enum::name).toList()));
      }
      r.original().ifPresent(o -> b.append("\tORCPT=").append(o.addressType()).append(';').append(o.address()));
      b.append('\n');
    }
    return b.toString();
  }

  static RelayEnvelope read(List<String> lines, Instant writtenAt) {
    if (lines.isEmpty() || !lines.get(0).equals(MAGIC) && !lines.get(0).equals(SECOND)) {
      if (lines.size() < 2) {
        throw new IllegalArgumentException("an envelope needs a reverse path and a recipient");
      }
      return RelayEnvelope.of(lines.get(0), lines.subList(1, lines.size()), writtenAt);
    }
    String from = null;
    Instant arrived = null;
    Optional<DeliverBy> by = Optional.empty();
    MtPriority priority = MtPriority.NORMAL;
    Optional<Instant> release = Optional.empty();
    boolean utf8 = false;
    Optional<DsnReturn> ret = Optional.empty();
    Optional<String> envid = Optional.empty();
    Optional<Retry> retry = Optional.empty();
    Set<String> notified = new LinkedHashSet<>();
    Optional<DsnFor> dsnFor = Optional.empty();
    List<RelayRecipient> to = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1);
      switch (key) {
        case "from" -> from = value;
        case "arrived" -> arrived = instant(value);
        case "by" -> by = Optional.of(required(DeliverBy.parse(value), line));
        case "priority" -> priority = required(MtPriority.parse(value), line);
        case "release" -> release = Optional.of(instant(value));
        case "smtputf8" -> utf8 = true;
        case "ret" -> ret = Optional.of(required(ret(value), line));
        case "envid" -> envid = Optional.of(value);
        case "retry" -> retry = Optional.of(retry(value));
        case "notified" -> notified.add(value);
        case "dsn-for" -> dsnFor = Optional.of(dsnFor(value));
        case "to" -> to.add(recipient(value));
        case "" -> { } // a trailing empty line
        default -> throw new IllegalArgumentException("unknown envelope line: " + line);
      }
    }
    if (from == null || arrived == null) {
      throw new IllegalArgumentException("an envelope needs from and arrived lines");
    }
    return new RelayEnvelope(from, to, arrived, by, priority, release, utf8, notified, dsnFor,
        new DsnRequest(ret, envid), retry);
  }

  private static RelayRecipient recipient(String value) {
    String[] fields = value.split("\t", -1);
    Optional<Rrvs> rrvs = Optional.empty();
    Optional<OriginalRecipient> original = Optional.empty();
    Set<DsnNotify> notifications = new LinkedHashSet<>();
    for (String f : List.of(fields).subList(1, fields.length)) {
      if (f.startsWith("NOTIFY=")) {
        for (String n : f.substring("NOTIFY=".length()).split(",")) {
          notifications.add(required(notifyValue(n), value));
        }
      } else if (f.startsWith("ORCPT=")) {
        int semicolon = f.indexOf(';');
        if (semicolon < 0) {
          throw new IllegalArgumentException("ORCPT needs a type and an address: " + value);
        }
        original = Optional.of(new OriginalRecipient(f.substring("ORCPT=".length(), semicolon),
            f.substring(semicolon + 1)));
      } else {
        rrvs = Optional.of(required(Rrvs.parse(f), value));
      }
    }
    return new RelayRecipient(fields[0], rrvs, notifications, original);
  }

  private static DsnNotify notifyValue(String name) {
    for (DsnNotify n : DsnNotify.values()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    return null;
  }

  private static DsnReturn ret(String name) {
    for (DsnReturn r : DsnReturn.values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private static Retry retry(String value) {
    String[] parts = value.split(" ");
    try {
      if (parts.length == 2) {
        return new Retry(Integer.parseInt(parts[0]), instant(parts[1]));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("retry needs a count and an instant: " + value);
  }

  private static DsnFor dsnFor(String value) {
    String[] parts = value.split("\t", -1);
    String[] head = parts[0].split(" ");
    if (head.length != 2) {
      throw new IllegalArgumentException("dsn-for needs a spool id and a kind: " + value);
    }
    return new DsnFor(head[0], head[1], List.of(parts).subList(1, parts.length));
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an instant: " + value, e);
    }
  }

  private static <T> T required(T parsed, String line) {
    if (parsed == null) {
      throw new IllegalArgumentException("malformed envelope line: " + line);
    }
    return parsed;
  }
}
