/**
 * A POP3 listener in a few lines ({@link dev.missive.pop3.host.Pop3Listener}) over the user's
 * {@code Pop3Handler}, on the blocking transport or on Netty ({@link dev.missive.transport.Transport}).
 */
package dev.missive.pop3.host;
