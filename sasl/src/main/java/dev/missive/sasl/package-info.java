/**
 * The SASL framework of RFC 4422: {@link dev.missive.sasl.SaslServerMechanism} and
 * {@link dev.missive.sasl.SaslClientMechanism} exchange already-decoded bytes; the
 * engines' shared server and client exchanges ({@code dev.missive.sasl.exchange.internal}, exported only to the
 * SMTP, POP3 and IMAP modules) frame them for a line protocol (base64, {@code =}, {@code *}), leaving each engine
 * only its continuation prefix ({@code 334 }, {@code + }) and its replies. Hosts build a {@link dev.missive.sasl.SaslServerMechanisms} registry once with their
 * credential stores, and clients pick a mechanism from {@link dev.missive.sasl.SaslClientMechanisms}.
 *
 * <p>Java 17 hosts read a {@link dev.missive.sasl.SaslServerStep} with an {@code instanceof} chain:
 * <pre>{@code
 * SaslServerStep step = mechanism.evaluate(response);
 * if (step instanceof SaslServerStep.Challenge c)     sendContinuation(c.data());
 * else if (step instanceof SaslServerStep.Success s)  authenticated(s.authorizationId());
 * else if (step instanceof SaslServerStep.Failure f)  refuse(f.reason());
 * }</pre>
 */
package dev.missive.sasl;
