/**
 * A message held in memory as a tree of MIME entities (RFC 2045 §2.4), built on the streaming parser: typed
 * header access, decoded text and attachments, defects per part, and pass-through writing that keeps every octet
 * it was not asked to change.
 *
 * <pre>{@code
 * Message m = Message.parse(bytes);
 * m.header().addFirst(HeaderField.of("Received", "from a by b; " + date));
 * out.write(m.toByteArray());               // the input octets, with just that field added
 * for (Entity part : m.root().attachments()) { save(part.filename().orElse("unnamed"), part.decodedBody()); }
 * }</pre>
 */
package dev.missive.message.tree;
