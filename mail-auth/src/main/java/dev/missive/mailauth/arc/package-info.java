/**
 * ARC (RFC 8617): validating a message's chain of ARC sets ({@link dev.missive.mailauth.arc.ArcVerifier}) and
 * adding one as a forwarder or mailing list ({@link dev.missive.mailauth.arc.ArcSealer}), with DKIM's
 * canonicalization, key records and signature algorithms.
 */
package dev.missive.mailauth.arc;
