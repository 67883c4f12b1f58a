package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.message.SectionContent;
import dev.missive.imap.store.InMemoryMailStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * FETCH of the whole message (RFC 9051 §6.4.5 {@code BODY[]}, {@code RFC822}, and partial {@code BODY[]<o.n>}) is
 * served without reading the message's structure: its literal is the stored size, streamed from the source. A
 * source that holds more octets than that size fails the FETCH loudly (the connection closes) instead of cutting the
 * message.
 */
class FetchWholeMessageTest {

  private static final String MESSAGE = new String(Sessions.HELLO, StandardCharsets.US_ASCII);

  /** The store, with every message's layout() counted and its source given {@code extra} octets at the end. */
  private static MailStore watched(InMemoryMailStore store, AtomicInteger layouts, byte[] extra) {
    return wrap(MailStore.class, store, (m, target, args) -> {
      Object r = call(m, target, args);
      return m.getName().equals("open") ? wrap(MailSession.class, r, (m2, t2, a2) -> {
        Object r2 = call(m2, t2, a2);
        return m2.getName().equals("select") ? wrap(OpenMailbox.class, r2, (m3, t3, a3) -> {
          Object r3 = call(m3, t3, a3);
          return m3.getName().equals("message") && r3 != null ? message((StoredMessage) r3, layouts, extra) : r3;
        }) : r2;
      }) : r;
    });
  }

  private static StoredMessage message(StoredMessage m, AtomicInteger layouts, byte[] extra) {
    return wrap(StoredMessage.class, m, (method, target, args) -> {
      if (method.getName().equals("layout")) {
        layouts.incrementAndGet();
      }
      if (method.getName().equals("source")) {
        return SectionContent.MessageSource.of(concat(Sessions.HELLO, extra));
      }
      return call(method, target, args);
    });
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private interface Handler {
    Object invoke(Method m, Object target, Object[] args) throws Throwable;
  }

  private static <T> T wrap(Class<T> type, Object target, Handler h) {
    InvocationHandler ih = (proxy, m, args) -> h.invoke(m, target, args);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, ih));
  }

  private static Object call(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void theWholeMessageIsServedWithoutItsStructure() {
    AtomicInteger layouts = new AtomicInteger();
    ImapHandlerServer s = Sessions.selectedInbox(watched(Sessions.store(), layouts, new byte[0]));
    assertThat(Sessions.exchange(s, "c FETCH 1 BODY.PEEK[]\r\n"))
        .startsWith("* 1 FETCH (BODY[] {" + MESSAGE.length() + "}\r\n" + MESSAGE + ")\r\n").contains("c OK");
    assertThat(Sessions.exchange(s, "d FETCH 1 BODY.PEEK[]<6.3>\r\n")).startsWith("* 1 FETCH (BODY[]<6> {3}\r\nBob)");
    assertThat(Sessions.exchange(s, "e FETCH 1 RFC822\r\n"))
        .contains("RFC822 {" + MESSAGE.length() + "}\r\n" + MESSAGE).contains("e OK");
    assertThat(layouts).as("layout() calls").hasValue(0);
    assertThat(Sessions.exchange(s, "f FETCH 1 BODY.PEEK[HEADER]\r\n")).contains("f OK");
    assertThat(layouts).as("a section needs the structure").hasValue(1);
  }

  @Test
  void aSourceLongerThanTheSizeClosesTheConnectionInsteadOfCuttingTheMessage() {
    ImapHandlerServer s = Sessions.selectedInbox(watched(Sessions.store(), new AtomicInteger(), "more\r\n".getBytes(
        StandardCharsets.US_ASCII)));
    String out = Sessions.exchange(s, "c FETCH 1 BODY.PEEK[]\r\n");
    assertThat(out).doesNotContain("c OK");
    assertThat(s.isClosed()).isTrue();
  }

  @Test
  void aSourceShorterThanTheSizeClosesTheConnection() {
    InMemoryMailStore store = Sessions.store();
    MailStore shorter = wrap(MailStore.class, store, (m, target, args) -> {
      Object r = call(m, target, args);
      return m.getName().equals("open") ? wrap(MailSession.class, r, (m2, t2, a2) -> {
        Object r2 = call(m2, t2, a2);
        return m2.getName().equals("select") ? wrap(OpenMailbox.class, r2, (m3, t3, a3) -> {
          Object r3 = call(m3, t3, a3);
          return m3.getName().equals("message") && r3 != null
              ? wrap(StoredMessage.class, r3, (m4, t4, a4) -> m4.getName().equals("size")
                  ? (long) Sessions.HELLO.length + 10 : call(m4, t4, a4)) : r3;
        }) : r2;
      }) : r;
    });
    ImapHandlerServer s = Sessions.selectedInbox(shorter);
    assertThat(Sessions.exchange(s, "c FETCH 1 BODY.PEEK[]\r\n")).doesNotContain("c OK");
    assertThat(s.isClosed()).isTrue();
  }
}
