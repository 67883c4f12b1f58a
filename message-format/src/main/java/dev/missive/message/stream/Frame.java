package dev.missive.message.stream;

import dev.missive.message.codec.ContentDecoder;
import dev.missive.message.header.HeaderField;

/** One open entity of the streaming parser: a message or a body part, with what its body has become. */
final class Frame {

  /** Where the parser is inside this entity. */
  enum Phase { HEADER, BODY, PREAMBLE, PARTS, EPILOGUE, NESTED, ENCODED_MESSAGE }

  final boolean message;
  final int depth;
  final boolean inDigest;
  Phase phase = Phase.HEADER;

  HeaderField contentTypeField;
  HeaderField transferEncodingField;
  HeaderField dispositionField;
  HeaderField contentIdField;
  int fieldCount;
  /** Fields dropped at a limit: longer than maxFieldLength, past maxFieldCount or past maxHeaderBlockSize. */
  int skippedFields;
  long headerBytes;
  boolean fieldCountReported;
  boolean headerSizeReported;
  boolean bareLineEndingReported;
  int defectCount;

  /** "--" boundary, when this entity is a multipart. */
  byte[] delimiter;
  boolean boundaryActive;
  boolean digest;
  int partCount;

  ContentDecoder decoder;
  boolean decoderFinished;
  MessageStreamParser child;

  Frame(boolean message, int depth, boolean inDigest) {
    this.message = message;
    this.depth = depth;
    this.inDigest = inDigest;
  }

  boolean isMultipart() {
    return delimiter != null;
  }
}
