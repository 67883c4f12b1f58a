package dev.missive.mailauth.results;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.FieldFolder;
import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An Authentication-Results header field (RFC 8601 §2.2): the authentication service identifier
 * ({@code authserv-id}) of the ADMD that evaluated the message, an optional version, and the results of each
 * method, or none. {@link #parse} reads a received field (comments allowed anywhere, RFC 5322 §3.2.2),
 * {@link #toHeaderField()} writes one; a host removes fields that claim its own authserv-id before adding its own
 * ({@link #removeClaimsOf}, §5).
 *
 * @param authservId the authentication service identifier, usually the host's domain name
 * @param version    the version, if written (1 is the only one defined)
 * @param results    the method results; empty is {@code none}
 */
public record AuthenticationResults(String authservId, OptionalInt version, List<MethodResult> results) {

  /** The field name (RFC 8601 §2.2). */
  public static final String FIELD_NAME = "Authentication-Results";

  /** The most method results a field may carry before the parser refuses it. */
  public static final int MAX_RESULTS = 100;

  /**
   * Checks the values.
   *
   * @param authservId the authentication service identifier
   * @param version    the version, if written
   * @param results    the method results; empty is {@code none}
   */
  public AuthenticationResults {
    MethodResult.text(authservId, "authserv-id");
    if (authservId.isEmpty()) {
      throw new IllegalArgumentException("an empty authserv-id");
    }
    Objects.requireNonNull(version, "version");
    results = List.copyOf(results);
    if (results.size() > MAX_RESULTS) {
      throw new IllegalArgumentException("more than " + MAX_RESULTS + " results");
    }
  }

  /**
   * Results for an authserv-id, without version.
   *
   * @param authservId the authentication service identifier
   * @param results    the method results
   * @return the field's content
   */
  public static AuthenticationResults of(String authservId, List<MethodResult> results) {
    return new AuthenticationResults(authservId, OptionalInt.empty(), results);
  }

  /**
   * Parses a field's value. This is the fuzzing entry point of the grammar.
   *
   * @param value the unfolded value after the colon
   * @return the parsed field
   * @throws MalformedRecordException if it does not follow RFC 8601 §2.2, or has more than {@link #MAX_RESULTS}
   *                                  results or comments nested deeper than 8
   */
  public static AuthenticationResults parse(String value) throws MalformedRecordException {
    try {
      return new ResultsParser(value).parse();
    } catch (IllegalArgumentException e) { // a value the records refuse (a control character)
      throw new MalformedRecordException(e.getMessage() + " (RFC 8601 §2.2)");
    }
  }

  /**
   * Parses an Authentication-Results field.
   *
   * @param field the field
   * @return the parsed field
   * @throws MalformedRecordException if it is not one or does not follow RFC 8601 §2.2
   */
  public static AuthenticationResults parse(HeaderField field) throws MalformedRecordException {
    if (!field.hasName(FIELD_NAME)) {
      throw new MalformedRecordException("not an Authentication-Results field: " + field.name());
    }
    return parse(new String(field.raw(), StandardCharsets.UTF_8).substring(field.name().length() + 1)
        .replace("\r\n", "").replace("\n", ""));
  }

  /**
   * The authserv-id a field claims, read leniently (the first value after the colon, RFC 8601 §2.2), so that a
   * field whose rest is malformed is still recognised as claiming it.
   *
   * @param field an Authentication-Results field
   * @return the authserv-id, or empty text if none can be read
   */
  public static String claimedAuthservId(HeaderField field) {
    String v = new String(field.raw(), StandardCharsets.UTF_8);
    return ResultsParser.leadingValue(v.substring(Math.min(v.length(), field.name().length() + 1)));
  }

  /**
   * The header fields without the Authentication-Results fields that claim this authserv-id, compared without
   * regard to case (RFC 8601 §5: an MTA removes such fields from incoming mail before adding its own, so a forger
   * cannot pose as the local authentication service).
   *
   * @param fields     the message's header fields
   * @param authservId this host's authserv-id
   * @return the fields to keep, in order
   */
  public static List<HeaderField> removeClaimsOf(List<HeaderField> fields, String authservId) {
    List<HeaderField> kept = new ArrayList<>(fields.size());
    for (HeaderField f : fields) {
      if (!(f.hasName(FIELD_NAME) && claimedAuthservId(f).equalsIgnoreCase(authservId))) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** {@return the value as written after the colon, unfolded: {@code authserv-id [version]; resinfo; …}} */
  public String payload() {
    StringBuilder b = new StringBuilder(64 + results.size() * 64);
    for (String piece : pieces()) {
      b.append(b.length() == 0 ? "" : " ").append(piece);
    }
    return b.toString();
  }

  /** {@return the field, folded at 76 characters between its parts} */
  public HeaderField toHeaderField() {
    return toHeaderField(FIELD_NAME, "");
  }

  /**
   * The field under another name with a leading part, as ARC-Authentication-Results writes {@code i=1;}
   * before the payload (RFC 8617 §4.1.1).
   *
   * @param name    the field name
   * @param leading text before the payload, or empty
   * @return the field
   */
  public HeaderField toHeaderField(String name, String leading) {
    FieldFolder f = new FieldFolder(name);
    if (!leading.isEmpty()) {
      f.piece(leading, true);
    }
    for (String piece : pieces()) {
      f.piece(piece, true);
    }
    return HeaderField.parse(f.raw(), new ArrayList<>());
  }

  /** The parts between which the field may fold. */
  private List<String> pieces() {
    List<String> pieces = new ArrayList<>();
    String id = ResultsWriter.value(authservId);
    if (version.isPresent()) {
      pieces.add(id);
      id = Integer.toString(version.getAsInt());
    }
    if (results.isEmpty()) {
      pieces.add(id + ";");
      pieces.add("none");
      return pieces;
    }
    pieces.add(id + ";");
    for (int i = 0; i < results.size(); i++) {
      List<String> parts = ResultsWriter.pieces(results.get(i));
      if (i < results.size() - 1) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + ";");
      }
      pieces.addAll(parts);
    }
    return pieces;
  }
}
