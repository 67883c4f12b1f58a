package dev.missive.imap.message;

import dev.missive.imap.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * A message as SEARCH sees it (RFC 9051 §6.4.4): its numbers and attributes, which the host keeps, and its octets,
 * which the evaluator reads only when a key needs the header or the text.
 */
public interface SearchableMessage {

  /** {@return the message's sequence number in the client's numbering} */
  long seq();

  /** {@return the message's UID} */
  long uid();

  /** {@return the message's flags} */
  Set<Flag> flags();

  /** {@return the message's internal date} */
  OffsetDateTime internalDate();

  /** {@return the message's size in octets (RFC822.SIZE)} */
  long size();

  /** {@return the message's mod-sequence (RFC 7162 §3.1.5), 0 when the host keeps none} */
  default long modSeq() {
    return 0;
  }

  /**
   * Opens the message's octets; the evaluator closes the stream.
   *
   * @return the message
   * @throws IOException if the store cannot read it
   */
  InputStream open() throws IOException;
}
