package dev.missive.mailauth.arc;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.dkim.SignatureTags;
import dev.missive.mailauth.internal.HeaderCanonicalizer;
import dev.missive.message.header.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The ARC sets of a message read from its header and checked for structure (RFC 8617 §5.2 steps 1–3): instances
 * 1 to N with exactly one field of each kind, at most {@code maxSets}; and the data an ARC-Seal signs (§5.1.1).
 * The work is bounded before any parsing: a header with more ARC fields than three per allowed set is refused.
 */
final class ArcChain {

  /** What the header holds. */
  sealed interface Read {
  }

  /** No ARC field at all. */
  record Empty() implements Read {
  }

  /**
   * A well-formed chain.
   *
   * @param sets the sets, by instance from 1
   */
  record Chain(List<ArcSet> sets) implements Read {
  }

  /**
   * ARC fields that do not make a chain.
   *
   * @param reason      what is wrong
   * @param maxInstance the highest instance number that could be read, 0 if none
   */
  record Broken(String reason, int maxInstance) implements Read {
  }

  private static final String[] NAMES = {ArcSet.AAR_FIELD, ArcSet.AMS_FIELD, ArcSeal.FIELD_NAME};

  private ArcChain() {
  }

  static Read read(List<HeaderField> fields, int maxSets) {
    HeaderField[][] byInstance = new HeaderField[ArcInstances.MAX + 1][3];
    int count = 0;
    int max = 0;
    for (HeaderField f : fields) {
      int kind = kind(f);
      if (kind < 0) {
        continue;
      }
      if (++count > 3 * maxSets) {
        return new Broken("more than " + 3 * maxSets + " ARC fields (at most " + maxSets + " sets)", max);
      }
      int i;
      try {
        i = kind == 0 ? ArcInstances.aarInstance(f) : ArcInstances.signatureInstance(f);
      } catch (MalformedRecordException e) {
        return new Broken("malformed " + NAMES[kind] + ": " + e.getMessage(), max);
      }
      max = Math.max(max, i);
      if (byInstance[i][kind] != null) {
        return new Broken("two " + NAMES[kind] + " fields with i=" + i + " (RFC 8617 §5.2)", max);
      }
      byInstance[i][kind] = f;
    }
    if (count == 0) {
      return new Empty();
    }
    if (max > maxSets) {
      return new Broken("ARC set i=" + max + " exceeds the limit of " + maxSets + " sets", max);
    }
    List<ArcSet> sets = new ArrayList<>(max);
    for (int i = 1; i <= max; i++) {
      for (int kind = 0; kind < 3; kind++) {
        if (byInstance[i][kind] == null) {
          return new Broken("ARC set i=" + i + " lacks its " + NAMES[kind] + " (RFC 8617 §5.2)", max);
        }
      }
      try {
        SignatureTags ams = SignatureTags.parse(byInstance[i][1]);
        if (ams.signs(ArcSeal.FIELD_NAME)) {
          return new Broken("ARC-Message-Signature i=" + i + " signs ARC-Seal (RFC 8617 §4.1.2)", max);
        }
        ArcSeal seal = ArcSeal.parse(byInstance[i][2]);
        sets.add(new ArcSet(i, byInstance[i][0], ams, seal));
      } catch (MalformedRecordException e) {
        return new Broken("malformed ARC set i=" + i + ": " + e.getMessage(), max);
      }
    }
    return new Chain(sets);
  }

  /** Which ARC field this is: 0 AAR, 1 AMS, 2 AS, -1 none. */
  private static int kind(HeaderField f) {
    for (int k = 0; k < 3; k++) {
      if (f.hasName(NAMES[k])) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The data an ARC-Seal signs (RFC 8617 §5.1.1): the fields of the earlier sets in instance order, each set's
   * AAR, AMS and AS relaxed-canonicalized with CRLF, then the sealed set's AAR and AMS, then its AS without the
   * {@code b=} value and without CRLF.
   *
   * @param earlier the sets before the sealed one (none when its cv is fail)
   * @param aar     the sealed set's ARC-Authentication-Results
   * @param ams     the sealed set's ARC-Message-Signature
   * @param asWithoutSignature the sealed set's ARC-Seal octets with the {@code b=} value removed
   * @return the octets
   */
  static byte[] sealData(List<ArcSet> earlier, HeaderField aar, HeaderField ams, byte[] asWithoutSignature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 * (earlier.size() + 1));
    for (ArcSet s : earlier) {
      append(out, s.authenticationResults());
      append(out, s.messageSignature().field());
      append(out, s.seal().field());
    }
    append(out, aar);
    append(out, ams);
    HeaderCanonicalizer.append(true, asWithoutSignature, asWithoutSignature.length, false, out);
    return out.toByteArray();
  }

  private static void append(ByteArrayOutputStream out, HeaderField f) {
    byte[] raw = f.raw();
    HeaderCanonicalizer.append(true, raw, raw.length, true, out);
  }
}
