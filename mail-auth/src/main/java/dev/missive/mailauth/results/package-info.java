/**
 * Authentication-Results (RFC 8601): the header field's model, parser and writer, and the removal of incoming
 * fields that claim the local authentication service identifier (§5).
 */
package dev.missive.mailauth.results;
