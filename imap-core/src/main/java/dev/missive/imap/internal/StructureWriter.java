package dev.missive.imap.internal;

import dev.missive.imap.Address;
import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import java.util.List;

/**
 * Writes ENVELOPE and BODYSTRUCTURE/BODY values (RFC 9051 §7.5.2, §9 {@code envelope} and {@code body}).
 */
public final class StructureWriter {

  private StructureWriter() {}

  /**
   * Writes an envelope.
   *
   * @param w the writer
   * @param e the envelope
   */
  public static void envelope(ImapWriter w, Envelope e) {
    w.raw("(").nstring(e.date()).sp().nstring(e.subject()).sp();
    addresses(w, e.from());
    w.sp();
    addresses(w, e.sender());
    w.sp();
    addresses(w, e.replyTo());
    w.sp();
    addresses(w, e.to());
    w.sp();
    addresses(w, e.cc());
    w.sp();
    addresses(w, e.bcc());
    w.sp().nstring(e.inReplyTo()).sp().nstring(e.messageId()).raw(")");
  }

  private static void addresses(ImapWriter w, List<Address> list) {
    if (list.isEmpty()) {
      w.raw("NIL");
      return;
    }
    w.raw("(");
    for (Address a : list) {
      w.raw("(").nstring(a.name()).sp().nstring(a.adl()).sp().nstring(a.mailbox()).sp().nstring(a.host())
          .raw(")");
    }
    w.raw(")");
  }

  /**
   * Writes a body structure; extension data only when {@code extensible} (BODYSTRUCTURE, not BODY).
   *
   * @param w          the writer
   * @param b          the structure
   * @param extensible whether to write extension data present in the structure
   */
  public static void body(ImapWriter w, BodyStructure b, boolean extensible) {
    w.raw("(");
    if (b instanceof BodyStructure.Multipart m) {
      for (BodyStructure part : m.parts()) {
        body(w, part, extensible);
      }
      w.sp().string(m.subtype());
      if (extensible && m.extension().isPresent()) {
        w.sp();
        parameters(w, m.parameters());
        extension(w, m.extension().get());
      }
    } else {
      BodyStructure.SinglePart s = (BodyStructure.SinglePart) b;
      w.string(s.type()).sp().string(s.subtype()).sp();
      parameters(w, s.parameters());
      w.sp().nstring(s.id()).sp().nstring(s.description()).sp().string(s.encoding()).sp().number(s.size());
      if (s.isMessage()) {
        w.sp();
        envelope(w, s.envelope().get());
        w.sp();
        body(w, s.body().get(), extensible);
        w.sp().number(s.lines().getAsLong());
      } else if (s.lines().isPresent()) {
        w.sp().number(s.lines().getAsLong());
      }
      if (extensible && s.extension().isPresent()) {
        w.sp().nstring(s.md5());
        extension(w, s.extension().get());
      }
    }
    w.raw(")");
  }

  private static void extension(ImapWriter w, BodyStructure.Extension x) {
    w.sp();
    if (x.disposition().isPresent()) {
      w.raw("(").string(x.disposition().get().type()).sp();
      parameters(w, x.disposition().get().parameters());
      w.raw(")");
    } else {
      w.raw("NIL");
    }
    w.sp();
    List<String> lang = x.language();
    if (lang.size() == 1) {
      w.string(lang.get(0));
    } else {
      w.nlist(lang, ImapWriter::string);
    }
    w.sp().nstring(x.location());
  }

  private static void parameters(ImapWriter w, List<BodyStructure.Parameter> params) {
    w.nlist(params, (x, p) -> x.string(p.name()).sp().string(p.value()));
  }
}
