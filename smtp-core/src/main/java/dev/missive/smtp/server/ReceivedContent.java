package dev.missive.smtp.server;

/**
 * What the engine observed about the content of one received message (RFC 5321 §4.5.3.1.6, RFC 6152, RFC 3030),
 * reported with {@link SmtpServerEvent.DataEnd} and handed to {@link MessageSink#end}.
 *
 * @param size               content octets after dot-unstuffing
 * @param eightBit           whether an octet with the high bit set appeared (the host may refuse it without
 *                           BODY=8BITMIME, RFC 6152 §3)
 * @param bareLineEndings    whether a bare CR or LF appeared (only reported under the NORMALIZE policy; REJECT
 *                           refuses the message)
 * @param chunked            whether the content came with BDAT (RFC 3030)
 * @param acceptedRecipients recipients in the envelope; under LMTP the number of replies the host must give
 */
public record ReceivedContent(long size, boolean eightBit, boolean bareLineEndings, boolean chunked,
    int acceptedRecipients) {
}
