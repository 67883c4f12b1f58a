package dev.missive.benchmarks.message;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Angus Mail 2.0 peer (Jakarta Mail's RFC 5322 / RFC 2045 {@link MimeMessage}): parses the message and walks it
 * fully, entering multiparts and message/rfc822 parts and reading every decoded leaf body. The input is given as a
 * {@link SharedByteArrayInputStream}, Angus's fastest path (no copy of the bytes). Not thread-safe.
 */
public final class AngusParsing {

  private final InputDrain drain = new InputDrain();
  private final Session session = Session.getInstance(lenient());

  /** Angus's own leniency switches, so damaged corpus messages are read as far as Angus can. */
  private static Properties lenient() {
    Properties p = new Properties();
    p.setProperty("mail.mime.multipart.allowempty", "true");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    return p;
  }

  /** Parses {@code message} into a {@link MimeMessage} and walks it. */
  public Shape walk(byte[] message) {
    try {
      return walk(new MimeMessage(session, new SharedByteArrayInputStream(message)), Shape.NONE);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Shape walk(Part part, Shape sum) throws MessagingException, IOException {
    Shape here = sum.plus(new Shape(1, 0));
    if (part.isMimeType("multipart/*")) {
      Multipart mp;
      try {
        mp = (Multipart) part.getContent();
      } catch (MessagingException e) {
        return here; // a multipart Angus cannot split (no start boundary): counted, nothing more to read
      }
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        here = walk(child, here);
      }
      return here;
    }
    if (part.isMimeType("message/rfc822")) {
      return walk((Part) part.getContent(), here);
    }
    try (InputStream in = part.getInputStream()) {
      return here.plus(new Shape(0, drain.drain(in)));
    }
  }

  /** A value depending on every body octet read. */
  public long sink() {
    return drain.sink();
  }
}
