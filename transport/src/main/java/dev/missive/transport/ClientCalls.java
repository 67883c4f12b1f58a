package dev.missive.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets an application talk to one client session call by call, the way a mail client library is used
 * ({@code mailbox.list()}, {@code sender.send(message)}), while a {@link BlockingClient} runs the session on a thread
 * of its own: the application's {@link #call} hands a {@link Call} to that thread and waits for its answer; the
 * session's {@link EngineSession#handleEvents()} takes the next call with {@link #awaitCall()} whenever it is idle,
 * starts it on the engine (queues its commands) and answers it from the engine's events.
 *
 * <p>Nothing is lost when either side goes away: a session that ends ({@link #end}) fails the call in progress and
 * every later one with the reason; a call is answered exactly once. Calls from several application threads are
 * served one after the other.
 */
public final class ClientCalls {

  /**
   * Work an application hands to the session thread.
   *
   * @param <T> what the call answers
   */
  @FunctionalInterface
  public interface Call<T> {
    /**
     * Runs on the session thread when the session is idle: queues the commands of this call on the engine and keeps
     * {@code answer} until the engine's events answer it (possibly at once).
     *
     * @param answer where the result or the failure goes, once
     */
    void start(Answer<T> answer);
  }

  /**
   * The pending answer of one {@link Call}; the first of {@link #complete} and {@link #fail} counts.
   *
   * @param <T> what the call answers
   */
  public static final class Answer<T> {
    private final ClientCalls owner;
    private boolean done;
    private T value;
    private IOException failure;

    private Answer(ClientCalls owner) {
      this.owner = owner;
    }

    /**
     * Answers the call with its result.
     *
     * @param result what the application's {@link ClientCalls#call} returns
     */
    public void complete(T result) {
      owner.settle(this, result, null);
    }

    /**
     * Answers the call with a failure.
     *
     * @param reason what the application's {@link ClientCalls#call} throws
     */
    public void fail(IOException reason) {
      owner.settle(this, null, Objects.requireNonNull(reason, "reason"));
    }

    /** {@return whether the call was answered already} */
    public boolean isDone() {
      owner.lock.lock();
      try {
        return done;
      } finally {
        owner.lock.unlock();
      }
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ReentrantLock callers = new ReentrantLock(true);
  private Call<?> offered;
  private Answer<?> offeredAnswer;
  private Answer<?> started;
  private IOException ended;
  private boolean abandoned;

  /** Creates the hand-over of one session; the session thread is the caller's to start. */
  public ClientCalls() {}

  /**
   * Runs {@code session} (typically {@code client.run(host, port, ...)}) on a new daemon thread and {@link #end}s
   * these calls when it returns or throws, with its failure or "the session is over".
   *
   * @param threadName the thread's name
   * @param session    runs the session to its end
   * @return the started thread
   */
  public Thread startSession(String threadName, SessionRun session) {
    Objects.requireNonNull(session, "session");
    Thread thread = new Thread(() -> {
      IOException failure = null;
      try {
        session.run();
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        failure = new IOException("the session failed: " + e, e);
        if (e instanceof Error) {
          end(failure);
          throw e;
        }
      } finally {
        end(failure != null ? failure : new IOException("the session is over"));
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Runs one session to its end on the session thread. */
  @FunctionalInterface
  public interface SessionRun {
    /**
     * Runs the session.
     *
     * @throws IOException if the connection or the session failed
     */
    void run() throws IOException;
  }

  /**
   * Hands {@code call} to the session thread and waits for its answer (application side).
   *
   * @param call what the session thread starts when it is idle
   * @param <T>  what the call answers
   * @return the answer
   * @throws IOException            the call's failure, or why the session ended before answering it
   * @throws InterruptedIOException if this thread was interrupted while waiting; the session then ends at its next
   *                                step (the call may have taken effect on the server)
   */
  public <T> T call(Call<T> call) throws IOException {
    Objects.requireNonNull(call, "call");
    callers.lock();
    try {
      Answer<T> answer = new Answer<>(this);
      lock.lock();
      try {
        if (ended != null) {
          throw new IOException("the session is over: " + ended.getMessage(), ended);
        }
        offered = call;
        offeredAnswer = answer;
        changed.signalAll();
        while (!answer.done) {
          changed.await();
        }
        if (answer.failure != null) {
          throw answer.failure;
        }
        return answer.value;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandoned = true;
        if (offered == call) {
          offered = null;
          offeredAnswer = null;
        }
        changed.signalAll(); // wakes the session thread waiting for a call: it ends the session
        throw new InterruptedIOException("interrupted while waiting for the server");
      } finally {
        lock.unlock();
      }
    } finally {
      callers.unlock();
    }
  }

  /**
   * Waits until the application makes a call and starts it (session side, when the session is idle).
   *
   * @return false if the application abandoned the session (an interrupted call): the session should end now
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public boolean awaitCall() {
    Call call;
    Answer answer;
    lock.lock();
    try {
      while (offered == null && !abandoned) {
        changed.awaitUninterruptibly();
      }
      if (abandoned) {
        return false;
      }
      call = offered;
      answer = offeredAnswer;
      offered = null;
      offeredAnswer = null;
      started = answer;
    } finally {
      lock.unlock();
    }
    try {
      call.start(answer);
    } catch (RuntimeException e) {
      answer.fail(new IOException("the call could not start: " + e.getMessage(), e));
    }
    return true;
  }

  /** {@return whether an interrupted application call gave the session up} */
  public boolean isAbandoned() {
    lock.lock();
    try {
      return abandoned;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The session is over: the call being waited for and every later one fail with {@code reason} (the first reason
   * given counts).
   *
   * @param reason why the session ended
   */
  public void end(IOException reason) {
    Objects.requireNonNull(reason, "reason");
    lock.lock();
    try {
      if (ended == null) {
        ended = reason;
      }
      for (Answer<?> pending : new Answer<?>[] {offeredAnswer, started}) {
        if (pending != null && !pending.done) {
          pending.done = true;
          pending.failure = ended; // the waiting caller gets the typed reason itself
        }
      }
      offered = null;
      started = null;
      offeredAnswer = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@return whether the session is over} */
  public boolean isEnded() {
    lock.lock();
    try {
      return ended != null;
    } finally {
      lock.unlock();
    }
  }

  private <T> void settle(Answer<T> answer, T value, IOException failure) {
    lock.lock();
    try {
      if (!answer.done) {
        answer.done = true;
        answer.value = value;
        answer.failure = failure;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
