package dev.missive.imap.internal;

/**
 * A literal's header: where it starts, its size and form, where its octets start, and whether they were
 * streamed away.
 *
 * @param offset           offset of the open brace or {@code ~}
 * @param size             announced octet count
 * @param nonSynchronizing whether it carried {@code +}
 * @param binary           whether it is a literal8
 * @param dataOffset       offset of its first octet
 * @param streamed         whether its octets are not in the buffer (streamed by the decoder)
 */
public record LiteralHeader(int offset, long size, boolean nonSynchronizing, boolean binary, int dataOffset,
                            boolean streamed) {}
