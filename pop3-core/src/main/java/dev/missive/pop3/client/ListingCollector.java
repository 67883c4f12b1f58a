package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.client.internal.ClientCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the lines of one multi-line CAPA, LIST or UIDL response (RFC 2449 §5, RFC 1939 §5 and §7), keeping
 * at most a configured number of lines (docs/architecture.md, "Limits"). Past the bound, or at a malformed LIST/UIDL
 * line, the collector keeps consuming to the terminating {@code .} (framing stays in sync) and records why the command
 * failed. CAPA lines that are not valid capabilities are skipped (RFC 2449 §5: clients ignore what they do not
 * understand).
 */
final class ListingCollector {

  private final int maxLines;
  private final List<Capability> capabilities = new ArrayList<>();
  private final List<ScanListing> scans = new ArrayList<>();
  private final List<UniqueIdListing> uniqueIds = new ArrayList<>();
  private ClientCommand.Kind kind;
  private int lines;
  private String failure;

  /** A collector keeping at most {@code maxLines} lines per response. */
  public ListingCollector(int maxLines) {
    this.maxLines = maxLines;
  }

  /** Starts collecting the answer to {@code kind} ({@code CAPA}, {@code LIST_ALL} or {@code UIDL_ALL}). */
  public void start(ClientCommand.Kind kind) {
    this.kind = kind;
    capabilities.clear();
    scans.clear();
    uniqueIds.clear();
    lines = 0;
    failure = null;
  }

  /** Adds one line's text (already un-stuffed). */
  public void add(String text) {
    if (++lines > maxLines) {
      fail("more than " + maxLines + " lines");
      return;
    }
    if (kind == ClientCommand.Kind.CAPA) {
      Capability c = Capability.parse(text);
      if (c != null) {
        capabilities.add(c);
      }
    } else if (kind == ClientCommand.Kind.LIST_ALL) {
      ScanListing s = Listings.scan(text);
      if (s == null) {
        fail("malformed scan listing at line " + lines);
      } else if (failure == null) {
        scans.add(s);
      }
    } else {
      UniqueIdListing u = Listings.uniqueId(text);
      if (u == null) {
        fail("malformed unique-id listing at line " + lines);
      } else if (failure == null) {
        uniqueIds.add(u);
      }
    }
  }

  /** Records a line that was too long to keep. */
  public void addTooLong() {
    if (++lines > maxLines) {
      fail("more than " + maxLines + " lines");
    } else if (kind != ClientCommand.Kind.CAPA) {
      fail("listing line " + lines + " too long");
    }
  }

  /** Why the response is unusable, or null. */
  public String failure() {
    return failure;
  }

  /** The event for the LIST or UIDL listing just ended: the listings, or why the command failed. */
  public Pop3ClientEvent result(ClientCommand command) {
    if (failure != null) {
      return new Pop3ClientEvent.CommandFailed(command.line(), failure, Optional.empty());
    }
    return kind == ClientCommand.Kind.LIST_ALL ? new Pop3ClientEvent.ListResult(scans)
        : new Pop3ClientEvent.UidlResult(uniqueIds);
  }

  /** The capabilities collected. */
  public List<Capability> capabilities() {
    return List.copyOf(capabilities);
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
      scans.clear();
      uniqueIds.clear();
    }
  }
}
