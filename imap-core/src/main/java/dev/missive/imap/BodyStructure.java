package dev.missive.imap;

import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MIME structure of a message (RFC 9051 §7.5.2 BODYSTRUCTURE and BODY, §9 {@code body}): a {@link SinglePart}
 * or a {@link Multipart} of nested structures. The extension data of BODYSTRUCTURE is present; BODY, the
 * non-extensible form, has none. Java 17 hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface BodyStructure {

  /**
   * A parameter of a content type or disposition, RFC 2231 continuations and charsets decoded (RFC 9051 §7.5.2).
   *
   * @param name  the attribute
   * @param value the value
   */
  record Parameter(String name, String value) {
    /**
     * Requires both.
     *
     * @param name  the attribute
     * @param value the value
     */
    public Parameter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A Content-Disposition (RFC 2183): its type and parameters.
   *
   * @param type       the disposition type, for example {@code attachment}
   * @param parameters its parameters
   */
  record Disposition(String type, List<Parameter> parameters) {
    /**
     * Copies the list.
     *
     * @param type       the disposition type
     * @param parameters its parameters
     */
    public Disposition {
      Objects.requireNonNull(type, "type");
      parameters = Checks.list("parameters", parameters);
    }
  }

  /**
   * The extension data every part may carry: disposition, language and location (RFC 9051 §7.5.2).
   *
   * @param disposition the Content-Disposition, if any
   * @param language    the Content-Language tags, empty for NIL
   * @param location    the Content-Location URI, if any
   */
  record Extension(Optional<Disposition> disposition, List<String> language, Optional<String> location) {
    /** No disposition, language or location. */
    public static final Extension NONE = new Extension(Optional.empty(), List.of(), Optional.empty());

    /**
     * Copies the list.
     *
     * @param disposition the Content-Disposition, if any
     * @param language    the Content-Language tags, empty for NIL
     * @param location    the Content-Location URI, if any
     */
    public Extension {
      Objects.requireNonNull(disposition, "disposition");
      language = Checks.list("language", language);
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * A non-multipart part ({@code body-type-1part}): the basic fields, then the line count for {@code text/*} and
   * {@code message/rfc822}/{@code message/global}, the encapsulated message's envelope and structure for the
   * latter, and extension data.
   *
   * @param type         the media type, for example {@code TEXT}
   * @param subtype      the subtype, for example {@code PLAIN}
   * @param parameters   the Content-Type parameters
   * @param id           the Content-ID, if any
   * @param description  the Content-Description, if any
   * @param encoding     the Content-Transfer-Encoding, {@code 7BIT} by default
   * @param size         the body's size in octets, in its transfer encoding
   * @param lines        the body's size in lines, for text and encapsulated messages
   * @param envelope     the encapsulated message's envelope (message/rfc822 and message/global)
   * @param body         the encapsulated message's structure (message/rfc822 and message/global)
   * @param md5          the Content-MD5, if any (extension data)
   * @param extension    the extension data, absent in the non-extensible BODY form
   */
  record SinglePart(String type, String subtype, List<Parameter> parameters, Optional<String> id,
                    Optional<String> description, String encoding, long size, OptionalLong lines,
                    Optional<Envelope> envelope, Optional<BodyStructure> body, Optional<String> md5,
                    Optional<Extension> extension) implements BodyStructure {
    /**
     * Checks the values.
     *
     * @param type        the media type
     * @param subtype     the subtype
     * @param parameters  the Content-Type parameters
     * @param id          the Content-ID, if any
     * @param description the Content-Description, if any
     * @param encoding    the Content-Transfer-Encoding
     * @param size        the body's size in octets
     * @param lines       the body's size in lines, for text and encapsulated messages
     * @param envelope    the encapsulated message's envelope
     * @param body        the encapsulated message's structure
     * @param md5         the Content-MD5, if any
     * @param extension   the extension data, absent in the BODY form
     */
    public SinglePart {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(subtype, "subtype");
      parameters = Checks.list("parameters", parameters);
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(encoding, "encoding");
      Objects.requireNonNull(lines, "lines");
      Objects.requireNonNull(envelope, "envelope");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(md5, "md5");
      Objects.requireNonNull(extension, "extension");
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
      boolean message = type.equalsIgnoreCase("MESSAGE")
          && (subtype.equalsIgnoreCase("RFC822") || subtype.equalsIgnoreCase("GLOBAL"));
      if (message != envelope.isPresent() || message != body.isPresent()) {
        throw new IllegalArgumentException("message/rfc822 and message/global, and only they, carry an envelope and"
            + " a body (RFC 9051 §9 body-type-msg)");
      }
      if (lines.isPresent() != (message || type.equalsIgnoreCase("TEXT"))) {
        throw new IllegalArgumentException("text parts and encapsulated messages, and only they, have a line count");
      }
      if (md5.isPresent() && extension.isEmpty()) {
        throw new IllegalArgumentException("MD5 is extension data");
      }
    }

    /** {@return whether this part encapsulates a message (message/rfc822 or message/global)} */
    public boolean isMessage() {
      return envelope.isPresent();
    }

    /** {@return the same part without extension data (the BODY form)} */
    public SinglePart withoutExtension() {
      return new SinglePart(type, subtype, parameters, id, description, encoding, size, lines, envelope,
          body.map(BodyStructure::withoutExtension), Optional.empty(), Optional.empty());
    }
  }

  /**
   * A multipart ({@code body-type-mpart}): its parts, its subtype, and extension data (the Content-Type
   * parameters come first there).
   *
   * @param parts      the parts, at least one
   * @param subtype    the subtype, for example {@code MIXED}
   * @param parameters the Content-Type parameters (extension data; empty in the BODY form)
   * @param extension  the extension data, absent in the BODY form
   */
  record Multipart(List<BodyStructure> parts, String subtype, List<Parameter> parameters,
                   Optional<Extension> extension) implements BodyStructure {
    /**
     * Checks the values.
     *
     * @param parts      the parts, at least one
     * @param subtype    the subtype
     * @param parameters the Content-Type parameters
     * @param extension  the extension data, absent in the BODY form
     */
    public Multipart {
      parts = Checks.list("parts", parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a multipart has at least one part");
      }
      Objects.requireNonNull(subtype, "subtype");
      parameters = Checks.list("parameters", parameters);
      Objects.requireNonNull(extension, "extension");
      if (!parameters.isEmpty() && extension.isEmpty()) {
        throw new IllegalArgumentException("multipart parameters are extension data");
      }
    }

    /** {@return the same multipart without extension data (the BODY form)} */
    public Multipart withoutExtension() {
      return new Multipart(parts.stream().map(BodyStructure::withoutExtension).toList(), subtype, List.of(),
          Optional.empty());
    }
  }

  /** {@return the same structure without extension data, as FETCH BODY returns it} */
  BodyStructure withoutExtension();
}
