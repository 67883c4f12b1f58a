package dev.missive.message.tree;

import dev.missive.message.Defect;
import dev.missive.message.address.Address;
import dev.missive.message.address.AddressParser;
import dev.missive.message.address.Mailbox;
import dev.missive.message.header.DateTimes;
import dev.missive.message.header.Header;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.ParserOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 5322 message held in memory as a tree of MIME entities (RFC 2045 §2.4), built on the streaming parser.
 *
 * <p>The input bytes are kept: {@link #writeTo} writes an unchanged message back octet for octet (bare LFs, long
 * lines and all, so DKIM signatures survive), and after a header change it rewrites only that header — adding a
 * {@code Received:} field with {@code root().header().addFirst(...)} leaves every other octet as it was. New
 * fields are written as their strict {@link HeaderField} bytes with CRLF.
 */
public final class Message {

  private final Source source;
  private final Entity root;
  private final ParserOptions options;

  private Message(Source source, Entity root, ParserOptions options) {
    this.source = source;
    this.root = root;
    this.options = options;
  }

  /**
   * Parses a whole message with {@link ParserOptions#DEFAULT}; never throws for damaged input.
   *
   * @param bytes the whole message
   * @return the message tree
   */
  public static Message parse(byte[] bytes) {
    return parse(bytes, ParserOptions.DEFAULT);
  }

  /**
   * Parses a whole message; the array is kept (not copied) and must not change afterwards. Bodies are kept raw
   * whatever the options' body mode says, and decoded on request.
   *
   * @param bytes   the whole message
   * @param options the parser's limits and modes
   * @return the message tree
   */
  public static Message parse(byte[] bytes, ParserOptions options) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(Source.of(bytes), options);
  }

  private static Message parse(Source source, ParserOptions options) {
    ParserOptions raw = options.withBodyMode(BodyMode.RAW);
    return new Message(source, TreeBuilder.build(source, raw), raw);
  }

  /**
   * Parses a message stored in a file without reading it onto the heap: the file is mapped read-only, so a
   * message larger than the heap can be parsed and its bodies streamed ({@link Entity#decodedBodyStream()}) in
   * memory that depends on its header and structure, not on its size. The file must not be changed or truncated
   * while the message is in use (the JVM would then fail when reading it); at most 2 GiB.
   *
   * @param file    the message
   * @param options the parser's limits and modes
   * @return the message tree
   * @throws IOException if the file cannot be read or is larger than 2 GiB
   */
  public static Message parse(Path file, ParserOptions options) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException("message larger than 2 GiB: " + file);
      }
      return parse(Source.of(channel.map(FileChannel.MapMode.READ_ONLY, 0, size)), options);
    }
  }

  /**
   * Parses a message stored in a file with {@link ParserOptions#DEFAULT}, as {@link #parse(Path, ParserOptions)}.
   *
   * @param file the message
   * @return the message tree
   * @throws IOException if the file cannot be read or is larger than 2 GiB
   */
  public static Message parse(Path file) throws IOException {
    return parse(file, ParserOptions.DEFAULT);
  }

  /**
   * Reads the stream to its end and parses it (the stream is not closed).
   *
   * @param in the message, read to its end
   * @return the message tree
   * @throws IOException if reading fails
   */
  public static Message parse(InputStream in) throws IOException {
    return parse(in.readAllBytes());
  }

  /** {@return the top-level entity} */
  public Entity root() {
    return root;
  }

  /** {@return the top-level header} */
  public Header header() {
    return root.header();
  }

  /**
   * The decoded value of the first field with this name (RFC 2047 words decoded).
   *
   * @param fieldName the field name, in any case
   * @return the decoded value, or empty
   */
  public Optional<String> value(String fieldName) {
    return root.header().get(fieldName).map(HeaderField::decodedValue);
  }

  /** {@return the decoded Subject (RFC 5322 §3.6.5)} */
  public Optional<String> subject() {
    return value("Subject");
  }

  /**
   * The addresses of every field with this name (From, To, Cc, Reply-To, …; RFC 5322 §3.4, §3.6.2–§3.6.3),
   * parsed leniently: malformed ones are left out and reported in {@code defects}; encoded words are decoded in
   * display names only, never inside an addr-spec.
   *
   * @param fieldName the field name, such as {@code To}
   * @param defects   receives a defect for each malformed address
   * @return the addresses, in order
   */
  public List<Address> addresses(String fieldName, List<Defect> defects) {
    List<Address> all = new ArrayList<>();
    for (HeaderField f : root.header().all(fieldName)) {
      all.addAll(AddressParser.parseAddressList(f.unfoldedValue(), defects));
    }
    return all;
  }

  /** {@return the author mailboxes of the From field (RFC 5322 §3.6.2); defects are dropped} */
  public List<Mailbox> from() {
    return AddressParser.mailboxes(addresses("From", new ArrayList<>()));
  }

  /** {@return the recipient mailboxes of the To fields, groups expanded (RFC 5322 §3.6.3); defects are dropped} */
  public List<Mailbox> to() {
    return AddressParser.mailboxes(addresses("To", new ArrayList<>()));
  }

  /**
   * The origination date (RFC 5322 §3.6.1, §3.3, obsolete zones of §4.3); empty when absent or unparseable.
   *
   * @return the Date, or empty
   */
  public Optional<ZonedDateTime> date() {
    return root.header().get("Date").flatMap(f -> DateTimes.parse(f.unfoldedValue(), new ArrayList<>()));
  }

  /**
   * The plain-text body a reader shows: the best {@code text/plain} part, following multipart/alternative (the
   * last version that has one, RFC 2046 §5.1.4), the root of multipart/related (RFC 2387) and the first inline
   * match of other multiparts, never an attachment or an encapsulated message's text. Read it with
   * {@link Entity#text()}.
   *
   * @return the plain-text body, or empty
   */
  public Optional<Entity> textBody() {
    return BodySelector.find(root, "plain");
  }

  /**
   * The HTML body a reader shows, chosen as {@link #textBody()} chooses; the resources it refers to as
   * {@code cid:} (RFC 2392) are its sibling parts in a multipart/related, by {@link Entity#contentId()}.
   *
   * @return the HTML body, or empty
   */
  public Optional<Entity> htmlBody() {
    return BodySelector.find(root, "html");
  }

  /** {@return every defect in the message, depth first} */
  public List<Defect> allDefects() {
    List<Defect> all = new ArrayList<>();
    for (Entity e : root.walk()) {
      all.addAll(e.defects());
    }
    return all;
  }

  /**
   * Writes the message: the input octets, with changed headers rewritten (see the class description).
   *
   * @param out receives the message
   * @throws IOException if writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    if (!root.changed()) {
      source.write(out, 0, source.length());
      return;
    }
    PassThroughWriter.write(root, out);
    source.write(out, root.end, source.length());
  }

  /**
   * A canonical copy of this message, parsed again with the same options: the explicit repair call of
   * docs/architecture.md, "Keep the bytes", unlike {@link #writeTo}, which keeps damaged octets as they came.
   * Every line ends in CRLF (RFC 5322 §2.1; a {@code binary} body, RFC 2045 §2.9, is kept octet for octet), header lines that are not
   * fields are dropped, fields with white space before the colon (RFC 5322 §4.5), bare line endings or lines over
   * 998 octets are rebuilt and folded, multipart delimiters are rewritten exactly and a missing close delimiter is
   * added, also to a multipart in which no body part started (RFC 2046 §5.1.1), a 7bit or 8bit body with a line over 998 octets is re-encoded as quoted-printable
   * (RFC 2045 §6.7), and a body that would hold a delimiter line once its line endings are mended is re-encoded as
   * base64; a re-encoded body's Content-Transfer-Encoding field is replaced in place. Header changes made through
   * {@link #header()} are included. What the parser left unparsed at a limit of the body structure stays where it
   * put it, as octets (parts past the part limit in the epilogue, a body nested too deep as a leaf body). Lines
   * over 998 octets stay only where nothing can be re-encoded: in a preamble or epilogue, in a body of an unknown
   * transfer encoding (RFC 2045 §6.4), and in a field that is one word that long.
   *
   * <p>The copy reads back as itself under the limits this message was parsed with, so canonicalising it again
   * gives the same bytes, and a canonical message comes back with the same bytes. Where that cannot be — header
   * fields skipped at a limit, a canonical header over the limits, a preamble or epilogue line that would become
   * a delimiter — nothing is written and {@link CanonicalizationException} names the entity and the reason.
   *
   * @return the canonical message
   * @throws CanonicalizationException when the message has no canonical form within its limits (see there)
   */
  public Message canonicalized() throws CanonicalizationException {
    return Canonicalizer.canonicalize(root, options);
  }

  /** {@return the bytes {@link #writeTo} writes} */
  public byte[] toByteArray() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(source.length() + 256);
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
