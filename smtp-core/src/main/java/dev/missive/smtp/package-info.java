/**
 * What the SMTP client and server share (RFC 5321): replies and enhanced status codes, extension keywords, MAIL
 * and RCPT parameters, and the {@code Received:} trace field.
 */
package dev.missive.smtp;
