package dev.missive.transport.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.transport.ClientCalls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-over between an application's calls and a session thread: calls run on the session thread and are
 * answered once, a session that ends fails the call it holds and every later one with its reason, an interrupted
 * caller makes the session give up.
 */
@Timeout(30)
class ClientCallsTest {

  @Test
  void callsAreStartedOnTheSessionThreadAndAnswered() throws Exception {
    ClientCalls calls = new ClientCalls();
    calls.startSession("session-thread", () -> {
      while (calls.awaitCall()) {
        // serves until the test ends the calls
      }
    });
    AtomicReference<String> where = new AtomicReference<>();
    assertThat(calls.<Integer>call(a -> {
      where.set(Thread.currentThread().getName());
      a.complete(42);
      a.complete(43); // the first answer counts
    })).isEqualTo(42);
    assertThat(where.get()).isEqualTo("session-thread");
    assertThatThrownBy(() -> calls.call(a -> a.fail(new IOException("refused"))))
        .isInstanceOf(IOException.class).hasMessage("refused");
    calls.end(new IOException("done"));
    assertThatThrownBy(() -> calls.call(a -> a.complete(null))).hasMessage("the session is over: done");
  }

  @Test
  void aSessionThatEndsFailsTheCallItHoldsWithItsReason() {
    ClientCalls calls = new ClientCalls();
    calls.startSession("session-thread", () -> {
      calls.awaitCall(); // takes the call and never answers it
      throw new IOException("connection reset");
    });
    assertThatThrownBy(() -> calls.call(a -> { })).isInstanceOf(IOException.class).hasMessage("connection reset");
    assertThatThrownBy(() -> calls.call(a -> a.complete(null)))
        .hasMessage("the session is over: connection reset");
    assertThat(calls.isEnded()).isTrue();
  }

  @Test
  void anInterruptedCallerMakesTheSessionGiveUp() throws Exception {
    ClientCalls calls = new ClientCalls();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Boolean> second = new AtomicReference<>();
    Thread session = calls.startSession("session-thread", () -> {
      calls.awaitCall();
      second.set(calls.awaitCall());
    });
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        calls.call(a -> started.countDown()); // never answered
      } catch (IOException e) {
        thrown.set(e);
      }
    });
    caller.start();
    started.await();
    caller.interrupt();
    caller.join();
    session.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
    assertThat(second.get()).isFalse();
    assertThat(calls.isAbandoned()).isTrue();
  }
}
