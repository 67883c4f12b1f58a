package dev.missive.testkit;

/**
 * One end of a mail protocol session as the RFC transcripts name it: {@code C:} for the client, {@code S:} for
 * the server (RFC 5321 Appendix D, RFC 1939 §3).
 *
 * <p>The side given to a {@link TranscriptRunner} is the side of the engine under test; the other side's lines
 * are fed to it:
 * <pre>{@code
 * new TranscriptRunner<>(Side.CLIENT, HostedEngine.of(myClient, myClientHost)).play(transcript);
 * }</pre>
 */
public enum Side {
  /** The client, written {@code C} in transcripts. */
  CLIENT('C'),
  /** The server, written {@code S} in transcripts. */
  SERVER('S');

  private final char letter;

  Side(char letter) {
    this.letter = letter;
  }

  /** {@return the transcript letter of this side, {@code 'C'} or {@code 'S'}} */
  public char letter() {
    return letter;
  }

  /** {@return the other end of the session} */
  public Side peer() {
    return this == CLIENT ? SERVER : CLIENT;
  }

  static Side ofLetter(char c) {
    if (c == 'C') {
      return CLIENT;
    }
    if (c == 'S') {
      return SERVER;
    }
    throw new IllegalArgumentException("no side is written " + c);
  }
}
