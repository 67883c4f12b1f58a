package dev.missive.message.header;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of a Content-Type field (RFC 2045 §5.1): a type, a subtype and parameters (RFC 2231 included).
 *
 * <p>{@link #parse} is lenient and total: a value that does not parse gives the RFC 2045 §5.2 default
 * {@code text/plain; charset=us-ascii} and a MALFORMED_CONTENT_TYPE defect. The compact constructor is strict:
 * type and subtype must be RFC 2045 tokens.
 *
 * @param type       the top-level media type as written, e.g. {@code text}
 * @param subtype    the subtype as written, e.g. {@code plain}
 * @param parameters the parameters, decoded
 */
public record ContentType(String type, String subtype, Parameters parameters) {

  /** {@code text/plain; charset=us-ascii}, the default of RFC 2045 §5.2. */
  public static final ContentType TEXT_PLAIN_US_ASCII =
      new ContentType("text", "plain", Parameters.of("charset", "us-ascii"));
  /** {@code message/rfc822} (RFC 2046 §5.2.1), the default inside multipart/digest. */
  public static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", Parameters.EMPTY);

  /**
   * Checks that type and subtype are tokens.
   *
   * @param type       the top-level media type as written, e.g. {@code text}
   * @param subtype    the subtype as written, e.g. {@code plain}
   * @param parameters the parameters, decoded
   * @throws IllegalArgumentException when they are not
   */
  public ContentType {
    HeaderChars.requireToken("media type", type);
    HeaderChars.requireToken("media subtype", subtype);
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * A content type without parameters, checked strictly.
   *
   * @param type    the media type, such as {@code text}
   * @param subtype the subtype, such as {@code plain}
   * @return the content type
   */
  public static ContentType of(String type, String subtype) {
    return new ContentType(type, subtype, Parameters.EMPTY);
  }

  /**
   * Parses an unfolded Content-Type value leniently (RFC 2045 §5.1, RFC 2231).
   *
   * @param value   the unfolded field value
   * @param defects receives MALFORMED_CONTENT_TYPE, MALFORMED_PARAMETER and UNKNOWN_CHARSET defects
   * @return the content type; {@link #TEXT_PLAIN_US_ASCII} when the value does not parse
   */
  public static ContentType parse(String value, List<Defect> defects) {
    ValueScanner sc = new ValueScanner(value);
    sc.skipCfws();
    String type = sc.token();
    sc.skipCfws();
    String subtype = "";
    if (sc.peek() == '/') {
      sc.advance();
      sc.skipCfws();
      subtype = sc.token();
    }
    if (!HeaderChars.isToken(type) || !HeaderChars.isToken(subtype)) {
      defects.add(new Defect(DefectKind.MALFORMED_CONTENT_TYPE,
          "unparseable Content-Type, text/plain assumed (RFC 2045 §5.2): " + HeaderChars.excerpt(value)));
      return TEXT_PLAIN_US_ASCII;
    }
    sc.skipCfws();
    if (!sc.atEnd() && sc.peek() != ';') {
      boolean parameter = ParameterListReader.startsParameter(sc);
      defects.add(new Defect(parameter ? DefectKind.MALFORMED_PARAMETER : DefectKind.MALFORMED_CONTENT_TYPE,
          (parameter ? "missing ';' after the media type: " : "unexpected text after the media type: ")
              + HeaderChars.excerpt(value)));
      if (!parameter) {
        sc.skipPast(';');
      }
    }
    return new ContentType(type, subtype, ParameterListReader.read(sc, defects));
  }

  /** {@return the lower-case {@code type/subtype}} */
  public String mimeType() {
    return HeaderChars.asciiLower(type) + "/" + HeaderChars.asciiLower(subtype);
  }

  /** {@return whether the type is {@code multipart} (RFC 2046 §5.1)} */
  public boolean isMultipart() {
    return type.equalsIgnoreCase("multipart");
  }

  /** {@return whether this is {@code message/rfc822} (RFC 2046 §5.2.1)} */
  public boolean isMessageRfc822() {
    return type.equalsIgnoreCase("message") && subtype.equalsIgnoreCase("rfc822");
  }

  /** {@return whether the type is {@code text} (RFC 2046 §4.1)} */
  public boolean isText() {
    return type.equalsIgnoreCase("text");
  }

  /** {@return the {@code boundary} parameter (RFC 2046 §5.1.1), if present} */
  public Optional<String> boundary() {
    return parameters.get("boundary");
  }

  /** {@return the {@code charset} parameter (RFC 2046 §4.1.2) as written, if present} */
  public Optional<String> charset() {
    return parameters.get("charset");
  }

  /** {@return the JDK charset named by the {@code charset} parameter, if present and known to the JDK} */
  public Optional<Charset> javaCharset() {
    return charset().flatMap(Charsets::lookup);
  }

  /**
   * A named parameter, if present.
   *
   * @param name the parameter name, in any case
   * @return its decoded value, or empty
   */
  public Optional<String> parameter(String name) {
    return parameters.get(name);
  }

  /**
   * A copy with one parameter set, checked strictly (docs/security.md, "Header injection through the builder").
   *
   * @param name  the parameter name
   * @param value its value
   * @return a copy with that parameter
   */
  public ContentType withParameter(String name, String value) {
    return new ContentType(type, subtype, parameters.with(name, value));
  }

  /**
   * The strict wire form, e.g. {@code text/plain; charset=utf-8}, RFC 2231 encoding where needed: at most
   * {@link Parameters#MAX_FORMAT_EXPANSION} characters per character of the type, subtype, parameter names and
   * values.
   *
   * @return the value in wire form
   */
  public String format() {
    return type + "/" + subtype + parameters.format();
  }

  @Override
  public String toString() {
    return format();
  }
}
