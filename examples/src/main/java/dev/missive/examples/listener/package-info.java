/**
 * The embedded mail listener: an application receives mail on a port with one callback ({@link
 * dev.missive.examples.listener.MailListener}), the SubEthaSMTP use case, on the SMTP server engine (RFC 5321).
 * Start with {@link dev.missive.examples.listener.MailListenerExample}.
 */
package dev.missive.examples.listener;
