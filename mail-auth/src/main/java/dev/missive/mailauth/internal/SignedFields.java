package dev.missive.mailauth.internal;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header half of a DKIM or ARC signature's data (RFC 6376 §3.7, §5.4.2; RFC 8617 §4.1.2): the signed fields
 * chosen bottom-up by the names of {@code h=} (a name listed more often than the field occurs adds nothing, which
 * is how over-signing works), each canonicalized, then the signature field itself with its {@code b=} value
 * removed and no final CRLF.
 */
public final class SignedFields {

  private SignedFields() {
  }

  /**
   * The data to hash and sign.
   *
   * @param fields         the message's header fields, top to bottom
   * @param signedNames    the {@code h=} names in order
   * @param relaxed        the header canonicalization
   * @param signatureField the signature field's raw octets with the {@code b=} value removed
   * @return the octets
   */
  public static byte[] data(List<HeaderField> fields, List<String> signedNames, boolean relaxed,
                            byte[] signatureField) {
    Map<String, List<HeaderField>> byName = new HashMap<>();
    for (HeaderField f : fields) {
      byName.computeIfAbsent(f.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(f);
    }
    Map<String, Integer> used = new HashMap<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    for (String name : signedNames) {
      String key = name.toLowerCase(Locale.ROOT);
      List<HeaderField> instances = byName.get(key);
      int n = used.getOrDefault(key, 0);
      if (instances == null || n >= instances.size()) {
        continue;
      }
      used.put(key, n + 1);
      byte[] raw = instances.get(instances.size() - 1 - n).raw();
      HeaderCanonicalizer.append(relaxed, raw, raw.length, true, out);
    }
    HeaderCanonicalizer.append(relaxed, signatureField, signatureField.length, false, out);
    return out.toByteArray();
  }

  /**
   * The {@code h=} names for a signer (RFC 6376 §5.4, §8.15): each wanted name as often as the field occurs, and
   * with over-signing once more (absent names once), lower case; From always at least once.
   *
   * @param fields   the message's header fields
   * @param wanted   the names of the fields to sign
   * @param overSign whether to list each name once more than it occurs
   * @return the names in order
   */
  public static List<String> namesToSign(List<HeaderField> fields, List<String> wanted, boolean overSign) {
    List<String> all = new ArrayList<>(wanted);
    if (all.stream().noneMatch(n -> n.equalsIgnoreCase("From"))) {
      all.add(0, "From");
    }
    List<String> names = new ArrayList<>();
    for (String name : all) {
      long count = fields.stream().filter(x -> x.hasName(name)).count();
      String lower = name.toLowerCase(Locale.ROOT);
      long times = count + (overSign ? 1 : 0);
      if (lower.equals("from")) {
        times = Math.max(times, 1); // RFC 6376 §5.4: From is always signed
      }
      for (long i = 0; i < times; i++) {
        names.add(lower);
      }
    }
    return names;
  }

  /**
   * A signature field's raw octets with the value of its {@code b=} tag, and the white space around it, removed
   * (RFC 6376 §3.7).
   *
   * @param raw          the field's raw octets
   * @param valueOffset  where the tag list starts in the raw octets (just after the colon)
   * @param b            the {@code b=} tag as parsed from the tag list text
   * @return the octets
   */
  public static byte[] withoutSignature(byte[] raw, int valueOffset, TagList.Tag b) {
    int start = valueOffset + b.valueStart();
    while (start > valueOffset && raw[start - 1] != '=') {
      start--;
    }
    int end = valueOffset + b.valueEnd();
    while (end < raw.length && raw[end] != ';') {
      end++;
    }
    byte[] out = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, out, 0, start);
    System.arraycopy(raw, end, out, start, raw.length - end);
    return out;
  }

  /**
   * A signature field's raw octets with its {@code b=} value removed (RFC 6376 §3.7, RFC 8617 §4.1.3).
   *
   * @param field a field whose tag list has parsed before
   * @return the octets
   * @throws IllegalStateException if its tag list does not parse or has no {@code b=}
   */
  public static byte[] withoutSignature(HeaderField field) {
    TagText text = tagText(field);
    try {
      TagList.Tag b = TagList.parse(text.text()).tag("b")
          .orElseThrow(() -> new IllegalStateException("no b= in " + field.name()));
      return withoutSignature(text.raw(), text.offset(), b);
    } catch (MalformedRecordException e) {
      throw new IllegalStateException("the field parsed before", e);
    }
  }

  /**
   * The tag list text of a field: its raw octets after the colon, one character per octet.
   *
   * @param field the field
   * @return the text and where it starts
   */
  public static TagText tagText(HeaderField field) {
    byte[] raw = field.raw();
    int colon = 0;
    while (colon < raw.length && raw[colon] != ':') {
      colon++;
    }
    int from = Math.min(colon + 1, raw.length);
    return new TagText(raw, from, new String(raw, from, raw.length - from, StandardCharsets.ISO_8859_1));
  }

  /**
   * A field's raw octets and its tag list text.
   *
   * @param raw    the raw octets
   * @param offset where the text starts in them
   * @param text   the text after the colon
   */
  public record TagText(byte[] raw, int offset, String text) {}
}
