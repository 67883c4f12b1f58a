/**
 * The sans-IO SMTP client engine (RFC 5321 §3–§4): {@link dev.missive.smtp.client.SmtpClient}, configured by an
 * immutable {@link dev.missive.smtp.client.SmtpClientConfig}, reporting
 * {@link dev.missive.smtp.client.SmtpClientEvent}s; with STARTTLS (RFC 3207) and implicit TLS (RFC 8314), AUTH
 * through the sasl module (RFC 4954), PIPELINING (RFC 2920), CHUNKING (RFC 3030) and the MAIL/RCPT parameters of
 * SIZE, 8BITMIME, SMTPUTF8, DSN and REQUIRETLS.
 *
 * <p>A blocking host, in outline (the socket loop is the one of {@link dev.missive.wire.ProtocolEngine}):
 * <pre>{@code
 * SmtpClient client = new SmtpClient(SmtpClientConfig.builder().ehloName("client.example")
 *     .tlsPolicy(TlsPolicy.REQUIRED)
 *     .authentication(() -> SaslClientMechanisms.scramSha256("tim", password)).build(), EngineEnvironment.system());
 * client.send(Envelope.of("tim@example.org", "alice@example.net"));
 * // after each receive and each drain: answer the events, then stream the content while the engine takes it
 * for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
 *   if (e instanceof SmtpClientEvent.DataReady) { content = Files.newInputStream(message); }
 *   else if (e instanceof SmtpClientEvent.TransactionResult t) { report(t); client.quit(); }
 * }
 * while (content != null && client.canWriteContent()) {
 *   int n = content.read(buf.clear().array());   // ByteBuffer buf = ByteBuffer.allocate(16 * 1024)
 *   if (n < 0) { content.close(); content = null; client.endContent(); }
 *   else client.writeContent(buf.limit(n));      // takes all n octets, or throws and takes none
 * }
 * }</pre>
 *
 * <p>No content call can lose octets: {@link dev.missive.smtp.client.SmtpClient#writeContent(java.nio.ByteBuffer)}
 * takes the whole buffer or throws, so what {@code endContent()} ends is exactly what the host wrote.
 */
package dev.missive.smtp.client;
