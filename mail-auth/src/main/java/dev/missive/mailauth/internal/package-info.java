/**
 * Internals shared by DKIM and ARC: tag lists, canonicalization, body hashing, the header/body split over
 * message-format's streaming parser, signature cryptography. Not exported.
 */
package dev.missive.mailauth.internal;
