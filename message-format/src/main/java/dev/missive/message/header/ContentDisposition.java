package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of a Content-Disposition field (RFC 2183 §2): a disposition type and parameters such as
 * {@code filename} (RFC 2231 included).
 *
 * <p>{@link #parse} is lenient and total: an unparseable value is read as {@code attachment}, as RFC 2183 §2.8
 * says of unknown types, with a MALFORMED_CONTENT_TYPE defect. The compact constructor is strict.
 *
 * @param type       the disposition type as written, e.g. {@code attachment}
 * @param parameters the parameters, decoded
 */
public record ContentDisposition(String type, Parameters parameters) {

  /**
   * Checks that the type is a token.
   *
   * @param type       the disposition type as written, e.g. {@code attachment}
   * @param parameters the parameters, decoded
   * @throws IllegalArgumentException when it is not
   */
  public ContentDisposition {
    HeaderChars.requireToken("disposition type", type);
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * {@code attachment; filename=…}, checked strictly (docs/security.md, "Header injection through the builder").
   *
   * @param filename the file name
   * @return the attachment disposition
   */
  public static ContentDisposition attachment(String filename) {
    return new ContentDisposition("attachment", Parameters.of("filename", filename));
  }

  /**
   * {@code inline} without parameters.
   *
   * @return the inline disposition
   */
  public static ContentDisposition inline() {
    return new ContentDisposition("inline", Parameters.EMPTY);
  }

  /**
   * Parses an unfolded Content-Disposition value leniently (RFC 2183 §2, RFC 2231).
   *
   * @param value   the unfolded field value
   * @param defects receives MALFORMED_CONTENT_TYPE, MALFORMED_PARAMETER and UNKNOWN_CHARSET defects
   * @return the disposition
   */
  public static ContentDisposition parse(String value, List<Defect> defects) {
    ValueScanner sc = new ValueScanner(value);
    sc.skipCfws();
    String type = sc.token();
    sc.skipCfws();
    if (!HeaderChars.isToken(type) || (!sc.atEnd() && sc.peek() != ';')) {
      defects.add(new Defect(DefectKind.MALFORMED_CONTENT_TYPE,
          "unparseable Content-Disposition, attachment assumed (RFC 2183 §2.8): " + HeaderChars.excerpt(value)));
      if (!HeaderChars.isToken(type)) {
        type = "attachment";
      }
      sc.skipPast(';');
    }
    return new ContentDisposition(type, ParameterListReader.read(sc, defects));
  }

  /** {@return whether the type is {@code attachment}, or unknown (RFC 2183 §2.8)} */
  public boolean isAttachment() {
    return !isInline();
  }

  /** {@return whether the type is {@code inline} (RFC 2183 §2.1)} */
  public boolean isInline() {
    return type.equalsIgnoreCase("inline");
  }

  /**
   * The {@code filename} parameter (RFC 2183 §2.3), decoded from RFC 2231, or from RFC 2047 encoded words in a
   * quoted value as common mailers write it.
   *
   * @return the file name, if present
   */
  public Optional<String> filename() {
    return parameters.get("filename").map(BodyDescriptor::decodeFilename);
  }

  /**
   * The strict wire form, e.g. {@code attachment; filename=report.pdf}: at most
   * {@link Parameters#MAX_FORMAT_EXPANSION} characters per character of the type, parameter names and values.
   *
   * @return the value in wire form
   */
  public String format() {
    return type + parameters.format();
  }

  @Override
  public String toString() {
    return format();
  }
}
