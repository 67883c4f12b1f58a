/**
 * The sans-IO POP3 client engine (RFC 1939, with RFC 2449 CAPA, PIPELINING and response codes, RFC 2595 STLS,
 * RFC 8314 implicit TLS and RFC 5034 AUTH through the sasl module).
 *
 * <p>{@link dev.missive.pop3.client.Pop3Client} implements {@link dev.missive.wire.ProtocolEngine}, so any
 * transport that drives an engine drives it. The host configures the login and TLS policy once
 * ({@link dev.missive.pop3.client.Pop3ClientConfig}), queues commands, and reads
 * {@link dev.missive.pop3.client.Pop3ClientEvent}s; a fetch-and-delete session over a blocking socket:
 * <pre>{@code
 * Pop3ClientConfig config = Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", password))
 *     .build();                                                    // STLS required
 * Pop3Client pop3 = new Pop3Client(config, EngineEnvironment.system());
 * pop3.uidl();                                             // sent once logged in
 * // host loop of ProtocolEngine's Javadoc; after each receive, take every event:
 * for (Pop3ClientEvent e; (e = pop3.nextEvent()) != null; ) {
 *   if (e instanceof Pop3ClientEvent.UidlResult u) {
 *     for (UniqueIdListing l : u.listings()) if (!seen(l.uniqueId())) pop3.retrieve(l.messageNumber());
 *     pop3.quit();                                          // after the RETRs, in order
 *   } else if (e instanceof Pop3ClientEvent.MessageChunk c) { out.write(c.content()); }   // valid until next call
 *   else if (e instanceof Pop3ClientEvent.MessageEnd m)      { commit(m.messageNumber()); }
 *   else if (e instanceof Pop3ClientEvent.TlsRequested t)    { drainAndWrapSocket(); pop3.streamChanged(info); }
 *   else if (e instanceof Pop3ClientEvent.LoginFailed f)      { report(f.code(), f.text()); }
 *   else if (e instanceof Pop3ClientEvent.Closed c)          { done(c.orderly()); }
 * }
 * }</pre>
 * The engine does not take more input while events are pending ({@code wantsInput()} is false), so a
 * {@code MessageChunk}'s slice of the host's read buffer stays valid until the host's next call.
 */
package dev.missive.pop3.client;
