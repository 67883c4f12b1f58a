package dev.missive.imap.command;

/** A SEARCH return option (RFC 9051 §6.4.4, RFC 4731 §3.1 ESEARCH, RFC 5182 §2 SAVE). */
public enum SearchReturnOption {
  /** The lowest matching number. */
  MIN,
  /** The highest matching number. */
  MAX,
  /** Every matching number, as a sequence set. */
  ALL,
  /** How many messages match. */
  COUNT,
  /** Keep the result for {@code $} (RFC 5182). */
  SAVE
}
