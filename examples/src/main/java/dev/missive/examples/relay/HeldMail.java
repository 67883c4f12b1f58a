package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The mail the relay holds for its On-Demand Mail Relay customers (RFC 2645 §4): a spool of its own that the
 * relayer never reads, emptied only when a customer collects its domains' messages with ATRN on the ODMR port
 * ({@link OdmrService}). What is held survives a restart like the relay's queue (the same {@link RelaySpool}).
 */
final class HeldMail {

  private final OdmrCustomers customers;
  private final RelaySpool spool;

  /**
   * Opens the spool of held mail.
   *
   * @param customers whose domains are held
   * @param root      the directory of the held spool
   */
  HeldMail(OdmrCustomers customers, Path root) throws IOException {
    this.customers = customers;
    this.spool = new RelaySpool(root, () -> { });
  }

  OdmrCustomers customers() {
    return customers;
  }

  RelaySpool spool() {
    return spool;
  }

  /** {@return the recipients whose domain is held for a customer} */
  List<AddrSpec> held(List<AddrSpec> recipients) {
    List<AddrSpec> out = new ArrayList<>();
    for (AddrSpec r : recipients) {
      if (customers.holds(r.domain().value())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The held messages with a recipient in {@code domains}, each cut down to those recipients (the others stay held
   * for whoever owns them).
   */
  List<Batch> collect(Set<String> domains) throws IOException {
    List<Batch> batch = new ArrayList<>();
    for (RelaySpool.SpooledMessage m : spool.queued()) {
      List<String> mine = new ArrayList<>();
      List<String> others = new ArrayList<>();
      for (String r : m.recipients()) {
        int at = r.lastIndexOf('@');
        (at > 0 && domains.contains(r.substring(at + 1).toLowerCase(Locale.ROOT)) ? mine : others).add(r);
      }
      if (!mine.isEmpty()) {
        batch.add(new Batch(m, mine, others));
      }
    }
    return batch;
  }

  /** The customer took {@code b}'s recipients: the message goes, or stays for its other recipients only. */
  void delivered(Batch b) throws IOException {
    if (b.others().isEmpty()) {
      spool.done(b.message());
    } else {
      spool.retain(b.message(), b.others());
    }
  }

  /**
   * One held message as a customer collects it.
   *
   * @param message    the spooled message
   * @param recipients its recipients in the collected domains
   * @param others     its recipients that stay held
   */
  record Batch(RelaySpool.SpooledMessage message, List<String> recipients, List<String> others) {
  }
}
