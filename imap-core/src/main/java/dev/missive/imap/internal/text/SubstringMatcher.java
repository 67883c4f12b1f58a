package dev.missive.imap.internal.text;

/**
 * Finds a fixed string in text that arrives in pieces (Knuth-Morris-Pratt over {@code char}s), in constant memory:
 * SEARCH BODY and TEXT over a message body of any size.
 */
public final class SubstringMatcher {

  private final String needle;
  private final int[] fail;
  private int state;
  private boolean found;

  /**
   * A matcher for one string.
   *
   * @param needle the string to find (already in comparison form)
   */
  public SubstringMatcher(String needle) {
    this.needle = needle;
    this.fail = new int[needle.length()];
    for (int i = 1, k = 0; i < needle.length(); i++) {
      while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
        k = fail[k - 1];
      }
      if (needle.charAt(i) == needle.charAt(k)) {
        k++;
      }
      fail[i] = k;
    }
    found = needle.isEmpty();
  }

  /**
   * Feeds the next piece of text (in comparison form).
   *
   * @param text the piece
   * @return whether the string was found so far
   */
  public boolean feed(CharSequence text) {
    for (int i = 0; i < text.length() && !found; i++) {
      char c = text.charAt(i);
      while (state > 0 && c != needle.charAt(state)) {
        state = fail[state - 1];
      }
      if (c == needle.charAt(state)) {
        state++;
      }
      if (state == needle.length()) {
        found = true;
      }
    }
    return found;
  }

  /** Starts afresh (a new field or part): a match never spans two. */
  public void boundary() {
    state = 0;
  }

  /** {@return whether the string was found} */
  public boolean found() {
    return found;
  }
}
