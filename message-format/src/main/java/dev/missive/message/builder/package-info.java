/**
 * The strict builder for new messages (RFC 5322, RFC 2045–2047, RFC 2231, RFC 6532): CRLF only, folded header
 * fields, encoded non-ASCII text, transfer encodings chosen from content, boundaries and Message-IDs from a
 * {@code RandomGenerator} and the Date from a {@code Clock}; values with line breaks are refused.
 *
 * <pre>{@code
 * byte[] mail = new MessageBuilder().from("Alice", "alice@example.org").to(null, "bob@example.net")
 *     .subject("Report").body(Part.mixed(Part.text("See attached."),
 *         Part.attachment("report.pdf", "application/pdf", pdf))).build();
 * }</pre>
 */
package dev.missive.message.builder;
