package dev.missive.testkit;

import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
import dev.missive.wire.TlsInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;

/**
 * A tiny client engine for testing the testkit: waits for the greeting, then sends its script one command per
 * reply; {@code STARTTLS} answered {@code +OK} requests TLS; the reply to {@code QUIT} closes.
 */
final class ToyClient extends ToyEngine {

  private final LineFramer framer = new LineFramer(512, BareLineEndingPolicy.REJECT);
  private final ArrayDeque<String> script;
  private final ArrayDeque<String> replies = new ArrayDeque<>();
  private String lastCommand;
  private TlsInfo tls;

  ToyClient(List<String> script) {
    super(1 << 16, EngineEnvironment.system());
    this.script = new ArrayDeque<>(script);
  }

  /** The next reply line received, or null. */
  String nextReply() {
    return replies.poll();
  }

  TlsInfo tls() {
    return tls;
  }

  @Override
  public void receive(ByteBuffer in) {
    checkOpen();
    while (in.hasRemaining() && wantsInput()) {
      LineFramer.Status s = framer.next(in);
      if (s == LineFramer.Status.NEED_MORE) {
        return;
      }
      String line = s == LineFramer.Status.LINE ? StandardCharsets.UTF_8.decode(framer.line()).toString() : "(too long)";
      replies.add(line);
      if ("QUIT".equals(lastCommand)) {
        closed = true;
      } else if ("STARTTLS".equals(lastCommand) && line.startsWith("+OK")) {
        tlsRequested = true;
      } else {
        sendNext();
      }
    }
  }

  private void sendNext() {
    lastCommand = script.poll();
    if (lastCommand != null) {
      line(lastCommand);
    }
  }

  @Override
  protected boolean clientMode() {
    return true;
  }

  @Override
  public OptionalLong nextDeadline() {
    return OptionalLong.empty();
  }

  @Override
  public void onTimeout() {}

  @Override
  protected void tlsUp(TlsInfo info) {
    tls = info;
    framer.reset();
    sendNext();
  }

}
