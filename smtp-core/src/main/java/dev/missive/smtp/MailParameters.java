package dev.missive.smtp;

import dev.missive.smtp.internal.XText;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of a MAIL FROM command (RFC 5321 §4.1.1.2 {@code Mail-parameters}): {@code SIZE=}
 * (RFC 1870 §3), {@code BODY=} (RFC 6152, RFC 3030), {@code SMTPUTF8} (RFC 6531 §3.4), {@code RET=} and
 * {@code ENVID=} (RFC 3461 §4.3–§4.4), {@code AUTH=} (RFC 4954 §5), {@code REQUIRETLS} (RFC 8689 §4.1), {@code BY=}
 * (RFC 2852), {@code MT-PRIORITY=} (RFC 6710) and {@code HOLDFOR=}/{@code HOLDUNTIL=} (RFC 4865).
 *
 * <p>Values are held decoded (ENVID and AUTH= without their xtext encoding) and are validated so that nothing
 * here can put CR, LF or NUL on the wire.
 *
 * @param size        the declared message size in octets
 * @param body        the declared body type
 * @param smtpUtf8    whether {@code SMTPUTF8} was given
 * @param ret         the DSN return type
 * @param envelopeId  the DSN envelope identifier, decoded (printable ASCII, at most 100 characters)
 * @param auth        the {@code AUTH=} mailbox, decoded, or {@code <>} for an unknown submitter
 * @param requireTls  whether {@code REQUIRETLS} was given
 * @param deliverBy   the {@code BY=} request (RFC 2852)
 * @param priority    the {@code MT-PRIORITY=} value (RFC 6710)
 * @param release     the {@code HOLDFOR=} or {@code HOLDUNTIL=} request (RFC 4865)
 */
public record MailParameters(OptionalLong size, Optional<BodyType> body, boolean smtpUtf8, Optional<DsnReturn> ret,
    Optional<String> envelopeId, Optional<String> auth, boolean requireTls, Optional<DeliverBy> deliverBy,
    Optional<MtPriority> priority, Optional<FutureRelease> release) {

  /** No parameters at all. */
  public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty(), false,
      Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
      Optional.empty());

  /** The longest ENVID value (RFC 3461 §4.4). */
  public static final int MAX_ENVID_LENGTH = 100;

  /**
   * Validates every value.
   *
   * @param size        the declared message size in octets
   * @param body        the declared body type
   * @param smtpUtf8    whether {@code SMTPUTF8} was given
   * @param ret         the DSN return type
   * @param envelopeId  the DSN envelope identifier, decoded (printable ASCII, at most 100 characters)
   * @param auth        the {@code AUTH=} mailbox, decoded, or {@code <>} for an unknown submitter
   * @param requireTls  whether {@code REQUIRETLS} was given
   * @param deliverBy   the {@code BY=} request (RFC 2852)
   * @param priority    the {@code MT-PRIORITY=} value (RFC 6710)
   * @param release     the {@code HOLDFOR=} or {@code HOLDUNTIL=} request (RFC 4865)
   */
  public MailParameters {
    if (size == null || body == null || ret == null || envelopeId == null || auth == null || deliverBy == null
        || priority == null || release == null) {
      throw new IllegalArgumentException("use empty optionals, not null");
    }
    if (size.isPresent() && size.getAsLong() < 0) {
      throw new IllegalArgumentException("SIZE must not be negative");
    }
    envelopeId.ifPresent(id -> {
      if (id.isEmpty() || id.length() > MAX_ENVID_LENGTH || !XText.isPrintableAscii(id)) {
        throw new IllegalArgumentException("ENVID must be 1-100 printable ASCII characters");
      }
    });
    auth.ifPresent(a -> {
      if (a.isEmpty() || !XText.isPrintableAscii(a)) {
        throw new IllegalArgumentException("AUTH= must be printable ASCII");
      }
    });
  }

  /**
   * These parameters with {@code SIZE=size}.
   *
   * @param size the declared message size in octets
   * @return a copy with that value
   */
  public MailParameters withSize(long size) {
    return new MailParameters(OptionalLong.of(size), body, smtpUtf8, ret, envelopeId, auth, requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with {@code BODY=body}.
   *
   * @param body the declared body type
   * @return a copy with that value
   */
  public MailParameters withBody(BodyType body) {
    return new MailParameters(size, Optional.of(body), smtpUtf8, ret, envelopeId, auth, requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with or without {@code SMTPUTF8}.
   *
   * @param on whether {@code SMTPUTF8} was given
   * @return a copy with that value
   */
  public MailParameters withSmtpUtf8(boolean on) {
    return new MailParameters(size, body, on, ret, envelopeId, auth, requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with {@code RET=ret}.
   *
   * @param ret the DSN return type
   * @return a copy with that value
   */
  public MailParameters withRet(DsnReturn ret) {
    return new MailParameters(size, body, smtpUtf8, Optional.of(ret), envelopeId, auth, requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with {@code ENVID=} the (unencoded) {@code id}.
   *
   * @param id the DSN envelope identifier, decoded (printable ASCII, at most 100 characters)
   * @return a copy with that value
   */
  public MailParameters withEnvelopeId(String id) {
    return new MailParameters(size, body, smtpUtf8, ret, Optional.of(id), auth, requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with {@code AUTH=} the (unencoded) {@code mailbox}, or {@code <>}.
   *
   * @param mailbox the {@code AUTH=} mailbox, decoded, or {@code <>} for an unknown submitter
   * @return a copy with that value
   */
  public MailParameters withAuth(String mailbox) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId, Optional.of(mailbox), requireTls,
        deliverBy, priority, release);
  }

  /**
   * These parameters with or without {@code REQUIRETLS}.
   *
   * @param on whether {@code REQUIRETLS} was given
   * @return a copy with that value
   */
  public MailParameters withRequireTls(boolean on) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, on,
        deliverBy, priority, release);
  }

  /**
   * These parameters with {@code BY=} (RFC 2852).
   *
   * @param by the deliver-by request
   * @return a copy with that value
   */
  public MailParameters withDeliverBy(DeliverBy by) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, requireTls, Optional.of(by), priority,
        release);
  }

  /**
   * These parameters with {@code MT-PRIORITY=} (RFC 6710).
   *
   * @param value the priority
   * @return a copy with that value
   */
  public MailParameters withPriority(MtPriority value) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, requireTls, deliverBy, Optional.of(value),
        release);
  }

  /**
   * These parameters with {@code HOLDFOR=} or {@code HOLDUNTIL=} (RFC 4865).
   *
   * @param hold the future-release request
   * @return a copy with that value
   */
  public MailParameters withRelease(FutureRelease hold) {
    return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, requireTls, deliverBy, priority,
        Optional.of(hold));
  }

  /**
   * The parameters as written after the path, separated by single spaces, without a leading space; empty when
   * there are none. ENVID and AUTH= are xtext-encoded.
   *
   * @return the MAIL parameters in wire form, possibly empty
   */
  public String toParameterString() {
    StringBuilder sb = new StringBuilder();
    size.ifPresent(s -> append(sb, "SIZE=" + s));
    body.ifPresent(b -> append(sb, "BODY=" + b.keyword()));
    if (smtpUtf8) {
      append(sb, "SMTPUTF8");
    }
    deliverBy.ifPresent(b -> append(sb, b.toParameter())); // BY= before ENVID=, as in RFC 6710 §8's example
    ret.ifPresent(r -> append(sb, "RET=" + r.name()));
    envelopeId.ifPresent(e -> append(sb, "ENVID=" + XText.encode(e)));
    auth.ifPresent(a -> append(sb, "AUTH=" + ("<>".equals(a) ? a : XText.encode(a))));
    if (requireTls) {
      append(sb, "REQUIRETLS");
    }
    priority.ifPresent(p -> append(sb, p.toParameter()));
    release.ifPresent(r -> append(sb, r.toParameter()));
    return sb.toString();
  }

  static void append(StringBuilder sb, String parameter) {
    if (sb.length() > 0) {
      sb.append(' ');
    }
    sb.append(parameter);
  }
}
