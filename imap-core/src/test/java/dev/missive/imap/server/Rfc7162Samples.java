package dev.missive.imap.server;

import dev.missive.imap.Flag;

/**
 * The mailboxes RFC 7162's example sessions start from, each held by a {@link SampleMailbox} with the RFC's own
 * numbers; the transcripts under {@code transcripts/imap/server/rfc7162-*.txt} say which example each plays.
 */
final class Rfc7162Samples {

  private Rfc7162Samples() {
  }

  /**
   * §3.1.2.1 Example 1, §3.1.8 Example 18, §3.1.4.2 Example 13, §3.1.7 Example 17: INBOX with 172 messages (UIDs
   * 4220 to 4391, UIDNEXT 4392), the first 11 seen, one recent, the first three with Example 13's mod-sequences and
   * the last with the mailbox's highest, 715194045007; the user's blurdybloop has 231 messages.
   */
  static SampleMailbox select() {
    return new SampleMailbox("INBOX", 3857529045L, true)
        .messages(4220, 4220, 624140003L, Flag.SEEN).messages(4221, 4221, 624140007L, Flag.SEEN)
        .messages(4222, 4222, 624140005L, Flag.SEEN).messages(4223, 4230, 624140001L, Flag.SEEN)
        .messages(4231, 4390, 624140001L).messages(4391, 4391, 715194045007L).recent(1)
        .other("blurdybloop", new MailboxCounts(231, 44292, 1, 0, 0, 0, 0, 7011231777L));
  }

  /** §3.1.2.2 Example 2: the same INBOX in a store that keeps no mod-sequences. */
  static SampleMailbox noModSeq() {
    return new SampleMailbox("INBOX", 3857529045L, false)
        .messages(4220, 4230, 0, Flag.SEEN).messages(4231, 4391, 0).recent(1);
  }

  /**
   * §3.1.3 Examples 3 to 5: 50 messages, UIDs 4, 6, 7, 8, then 9 to 54, none changed since 12121230000; UIDs 4, 6
   * and 8 get Example 3's mod-sequences, message 50 (UID 54) Example 4's and Example 5's.
   */
  static SampleMailbox store() {
    return new SampleMailbox("INBOX", 1, true).messages(4, 4, 12121230000L).messages(6, 54, 12121230000L)
        .nextModSeqs(4, 12121231000L).nextModSeqs(6, 12121230852L).nextModSeqs(8, 12121230956L)
        .nextModSeqs(54, 12111230047L, 12111230048L);
  }

  /**
   * §3.1.3 Examples 6 and 8: UIDs 1 to 12, messages 7 and 9 changed after 320162338 (with the mod-sequences and flags
   * Example 6's second form shows), message 5 gets 320162350.
   */
  static SampleMailbox modified() {
    return new SampleMailbox("INBOX", 1, true).messages(1, 6, 320162300L).messages(7, 7, 320162342L, Flag.SEEN,
            Flag.DELETED).messages(8, 8, 320162300L).messages(9, 9, 320162349L, Flag.ANSWERED)
        .messages(10, 12, 320162300L).nextModSeqs(5, 320162350L);
  }

  /**
   * §3.1.3 Example 11: UIDs 1 to 7; once selected, another session sets \Deleted and \Answered on message 2
   * (320172340) and expunges messages 4 to 7 (320172339); messages 1 and 3 get 320172342, message 2 then 320180050.
   */
  static SampleMailbox modifiedAndExpunged() {
    SampleMailbox box = new SampleMailbox("INBOX", 1, true).messages(1, 7, 320172300L)
        .nextModSeqs(1, 320172342L).nextModSeqs(3, 320172342L).nextModSeqs(2, 320180050L);
    return box.afterSelect(l -> {
      for (long u = 4; u <= 7; u++) {
        box.expungedElsewhere(l, u, 320172339L);
      }
      box.changedElsewhere(l, 2, 320172340L, Flag.DELETED, Flag.ANSWERED);
    });
  }

  /**
   * §3.2.5 (UIDVALIDITY mismatch): 464 messages, UIDs 86 to 549, three recent, the first 11 seen, highest
   * mod-sequence 90060128194045007, UIDVALIDITY 3857529045.
   */
  static SampleMailbox otherUidValidity() {
    return new SampleMailbox("INBOX", 3857529045L, true).messages(86, 96, 90060128194045000L, Flag.SEEN)
        .messages(97, 548, 90060128194045000L).messages(549, 549, 90060128194045007L).recent(3);
  }

  /**
   * §3.2.5.1 (A03): UIDVALIDITY 67890007, 100 messages (UIDs 1-40, 42, 117, 119, 212, 213, 541-595), UIDNEXT 600,
   * 11 recent, messages 1-6 seen; UIDs 41, 43-116, 118, 120-211 and 214-540 expunged after 90060115194045000;
   * UIDs 117, 119 and 541 changed since with the example's flags and mod-sequences.
   */
  static SampleMailbox qresync() {
    return new SampleMailbox("INBOX", 67890007L, true).messages(1, 6, 90060115194045000L, Flag.SEEN)
        .messages(7, 40, 90060115194045000L).messages(42, 42, 90060115194045000L)
        .messages(117, 117, 90060115194045001L, Flag.SEEN, Flag.ANSWERED)
        .messages(119, 119, 90060115194045308L, Flag.DRAFT, new Flag("$MDNSent"))
        .messages(212, 213, 90060115194045000L)
        .messages(541, 541, 90060115194045001L, Flag.SEEN, new Flag("$Forwarded"))
        .messages(542, 594, 90060115194045000L).messages(595, 595, 90060115205545359L).uidNext(600).recent(11)
        .expunged(41, 41, 90060115194045100L).expunged(43, 116, 90060115194045100L)
        .expunged(118, 118, 90060115194045100L).expunged(120, 211, 90060115194045100L)
        .expunged(214, 540, 90060115194045100L);
  }

  /**
   * §3.2.10 (and §3.2.7): messages 1 to 11 with UIDs 500, 504, 505, 507, 508, 509, 510, 600, 601, 602, 625; 505, 507,
   * 510 and 625 deleted; the EXPUNGE gets mod-sequence 20010715194045319.
   */
  static SampleMailbox vanished() {
    return new SampleMailbox("INBOX", 1, true).messages(500, 500, 20010715194045000L)
        .messages(504, 504, 20010715194045000L).messages(505, 505, 20010715194045000L, Flag.DELETED)
        .messages(507, 507, 20010715194045000L, Flag.DELETED).messages(508, 509, 20010715194045000L)
        .messages(510, 510, 20010715194045000L, Flag.DELETED).messages(600, 602, 20010715194045000L)
        .messages(625, 625, 20010715194045000L, Flag.DELETED).nextExpungeModSeq(20010715194045319L);
  }

  /**
   * §6 (the delayed VANISHED): UIDs 6, 7, 8 and 9, none changed since 90; once selected, another session expunges
   * UID 8 (mod-sequence 100); UID 6 gets 103, UID 7 101, UID 9 104.
   */
  static SampleMailbox delayedVanished() {
    SampleMailbox box = new SampleMailbox("INBOX", 1, true).messages(6, 9, 90).highestModSeq(99)
        .nextModSeqs(6, 103).nextModSeqs(7, 101).nextModSeqs(9, 104);
    return box.afterSelect(l -> box.expungedElsewhere(l, 8, 100));
  }

  /**
   * §3.1.4.1 Example 12 and §3.2.6's two examples: messages 1 to 6 with UIDs 404, 406, 407, 408, 410 and 412; 404,
   * 406 and 408 changed after 12345 (the examples' mod-sequences and flags), the others not; UIDs 300 to 310, 405
   * and 411 expunged after 12345.
   */
  static SampleMailbox uidFetchVanished() {
    return new SampleMailbox("INBOX", 1, true).messages(404, 404, 65402, Flag.SEEN)
        .messages(406, 406, 75403, Flag.DELETED).messages(407, 407, 12000)
        .messages(408, 408, 29738, new Flag("$NoJunk"), new Flag("$AutoJunk"), new Flag("$MDNSent"))
        .messages(410, 410, 12000).messages(412, 412, 12000).uidNext(413)
        .expunged(300, 310, 20000).expunged(405, 405, 20000).expunged(411, 411, 20000).highestModSeq(75403);
  }
}
