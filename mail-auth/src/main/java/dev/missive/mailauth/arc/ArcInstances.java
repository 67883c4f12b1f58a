package dev.missive.mailauth.arc;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.internal.SignedFields;
import dev.missive.mailauth.internal.TagList;
import dev.missive.message.header.HeaderField;

/** Instance numbers of ARC fields (RFC 8617 §4.2.1: {@code i=}, 1 to 50). */
final class ArcInstances {

  /** The highest instance an ARC set may have (RFC 8617 §4.2.1). */
  static final int MAX = 50;

  private ArcInstances() {
  }

  /** An {@code i=} value: a decimal number 1–50. */
  static int instance(String value) throws MalformedRecordException {
    if (value.isEmpty() || value.length() > 2 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedRecordException("malformed instance i=" + TagList.excerpt(value) + " (RFC 8617 §4.2.1)");
    }
    int i = Integer.parseInt(value);
    if (i < 1 || i > MAX) {
      throw new MalformedRecordException("instance i=" + i + " outside 1-" + MAX + " (RFC 8617 §4.2.1)");
    }
    return i;
  }

  /** The instance of an ARC-Authentication-Results field: its value starts with {@code i=N;} (§4.1.1). */
  static int aarInstance(HeaderField field) throws MalformedRecordException {
    String text = SignedFields.tagText(field).text();
    int semicolon = text.indexOf(';');
    if (semicolon < 0) {
      throw new MalformedRecordException("ARC-Authentication-Results lacks 'i=N;' (RFC 8617 §4.1.1)");
    }
    TagList tags = TagList.parse(text.substring(0, semicolon));
    if (tags.tags().size() != 1 || tags.tag("i").isEmpty()) {
      throw new MalformedRecordException("ARC-Authentication-Results does not start with i= (RFC 8617 §4.1.1)");
    }
    return instance(tags.require("i", "ARC-Authentication-Results"));
  }

  /** The instance of an ARC-Message-Signature or ARC-Seal, read from its tag list. */
  static int signatureInstance(HeaderField field) throws MalformedRecordException {
    return instance(TagList.parse(SignedFields.tagText(field).text()).require("i", field.name()));
  }
}
