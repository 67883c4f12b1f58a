/**
 * A store-and-forward relay (RFC 5321 §3.3, §4.5.4): a durable spool ({@link dev.missive.examples.relay.RelaySpool}),
 * forwarding to a next hop with the SMTP client engine and back-off ({@link
 * dev.missive.examples.relay.SmarthostRelayer}, {@link dev.missive.examples.relay.RetrySchedule}), and RFC 3464
 * bounces ({@link dev.missive.examples.relay.DeliveryReport}). Start with {@link
 * dev.missive.examples.relay.RelayExample}.
 */
package dev.missive.examples.relay;
