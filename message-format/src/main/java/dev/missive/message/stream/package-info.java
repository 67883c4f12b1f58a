/**
 * The sans-IO streaming parser for RFC 5322 messages and MIME entities (RFC 2045, RFC 2046): bytes in, a flat
 * sequence of {@link dev.missive.message.stream.MimeEvent}s out, in memory that does not depend on body size.
 *
 * <pre>{@code
 * MessageStreamParser parser = new MessageStreamParser(ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
 * parser.feed(chunk);                       // consumes what fits; feed the rest after draining
 * for (MimeEvent e; (e = parser.next()) != null; ) {
 *   if (e instanceof MimeEvent.HeaderFieldEvent f) { ... f.field().name() ... }
 *   else if (e instanceof MimeEvent.DecodedBodyBytes b) { sink.write(b.bytes()); }   // valid until next()
 *   else if (e instanceof MimeEvent.DefectEvent d) { log(d.defect()); }
 * }
 * parser.end();                             // then drain again until isFinished()
 * }</pre>
 *
 * <p>{@link dev.missive.message.stream.MessageReader} is the same over an {@code InputStream};
 * {@link dev.missive.message.stream.MessageLimits} bounds every dimension of a hostile message.
 */
package dev.missive.message.stream;
