package dev.missive.pop3.host;

import dev.missive.pop3.client.Pop3ClientEvent;
import dev.missive.transport.ClientCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The answer to RETR or TOP (RFC 1939 §5, §7): each un-stuffed chunk goes to the sink as it arrives; the call is
 * answered with the octet count at the final {@code CRLF.CRLF} (RFC 1939 §3), and fails when the server refuses, the
 * sink fails (the rest is read and dropped so the session can go on) or the session ends before the end of the
 * message, so a message cut short never passes as complete.
 */
final class ContentExchange implements MailboxSession.Exchange {

  private static final int COPY = 16 * 1024;

  /** Where the octets of one message go. */
  interface Sink {
    /**
     * Takes the next octets.
     *
     * @param bytes  a buffer
     * @param length how many of its first octets to take
     * @throws IOException if they cannot be written
     */
    void write(byte[] bytes, int length) throws IOException;

    /**
     * The message is complete.
     *
     * @throws IOException if it cannot be committed
     */
    void finish() throws IOException;

    /** The message did not arrive whole, or the call failed: removes whatever was written that can be removed. */
    void discard();
  }

  private final Sink sink;
  private final ClientCalls.Answer<Long> answer;
  private final byte[] copy = new byte[COPY];
  private IOException sinkFailure;

  ContentExchange(Sink sink, ClientCalls.Answer<Long> answer) {
    this.sink = sink;
    this.answer = answer;
  }

  @Override
  public boolean on(Pop3ClientEvent event) {
    if (event instanceof Pop3ClientEvent.MessageChunk c) {
      write(c.content());
      return false;
    }
    if (event instanceof Pop3ClientEvent.MessageEnd end) {
      if (sinkFailure == null) {
        try {
          sink.finish();
        } catch (IOException e) {
          sinkFailure = e;
        }
      }
      if (sinkFailure != null) {
        sink.discard();
        answer.fail(sinkFailure);
      } else {
        answer.complete(end.octets());
      }
      return true;
    }
    if (event instanceof Pop3ClientEvent.CommandFailed f) {
      sink.discard();
      answer.fail(new Pop3CommandException(f.command(), f.text(), f.code()));
      return true;
    }
    return false;
  }

  @Override
  public void ended(IOException reason) {
    sink.discard();
    answer.fail(new IOException("the message is incomplete: " + reason.getMessage(), reason));
  }

  private void write(ByteBuffer content) {
    while (content.hasRemaining()) {
      int n = Math.min(copy.length, content.remaining());
      content.get(copy, 0, n); // the slice is read-only: no backing array to hand over
      if (sinkFailure == null) {
        try {
          sink.write(copy, n);
        } catch (IOException e) {
          sinkFailure = e; // the rest of the message is read and dropped: the session stays usable
        }
      }
    }
  }

  /** The caller's stream, written as the octets come. */
  static final class StreamSink implements Sink {
    private final OutputStream out;

    StreamSink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
      out.write(bytes, 0, length);
    }

    @Override
    public void finish() {
      // the caller's stream stays open and unflushed
    }

    @Override
    public void discard() {
      // what reached the caller's stream is the caller's; the call fails so it is never taken as whole
    }
  }

  /** A temporary file beside the target, moved into place once the message is complete. */
  static final class FileSink implements Sink {
    private final Path target;
    private final Path partial;
    private final OutputStream out;
    private boolean done;

    private FileSink(Path target, Path partial) throws IOException {
      this.target = target;
      this.partial = partial;
      this.out = Files.newOutputStream(partial);
    }

    static FileSink create(Path target) throws IOException {
      Path absolute = target.toAbsolutePath();
      if (Files.exists(absolute)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      Path partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
      try {
        return new FileSink(absolute, partial);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int length) throws IOException {
      if (done) {
        throw new IOException("the retrieval into " + target + " was given up");
      }
      out.write(bytes, 0, length);
    }

    @Override
    public synchronized void finish() throws IOException {
      if (done) {
        throw new IOException("the retrieval into " + target + " was given up");
      }
      out.close();
      Files.move(partial, target); // a rename in the same directory; refuses a target that appeared meanwhile
      done = true;
    }

    @Override
    public synchronized void discard() {
      if (done) {
        return;
      }
      done = true;
      try {
        out.close();
      } catch (IOException ignored) {
        // deleting it anyway
      }
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // a temporary file the caller may remove; the call failed either way
      }
    }
  }
}
