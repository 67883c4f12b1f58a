/**
 * DKIM (RFC 6376) with {@code rsa-sha256} and {@code ed25519-sha256} (RFC 8463): a streaming
 * {@link dev.missive.mailauth.dkim.DkimVerifier} and {@link dev.missive.mailauth.dkim.DkimSigner}, the signature
 * and key record grammars, and the key look-up over {@link dev.missive.dns.DnsResolver}.
 */
package dev.missive.mailauth.dkim;
