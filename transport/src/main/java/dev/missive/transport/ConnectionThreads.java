package dev.missive.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a blocking listener runs its connections on when the user gives none: a virtual thread per
 * connection where the JVM has them (Java 21 and later, looked up reflectively because Missive compiles for Java 17),
 * else a pool of at most {@code maxConnections} daemon platform threads that reuses idle threads first (each keeping its
 * last connection's buffers, {@link ConnectionThread}) and lets them end after a minute idle. The listener's connection limit keeps the running tasks at or under the pool's size; a
 * task handed over while every thread is still busy (one whose connection just ended is on its way back to the pool)
 * waits for that thread instead of being refused.
 */
final class ConnectionThreads {

  private ConnectionThreads() {}

  /** Makes the default executor for a listener of at most {@code maxConnections} connections. */
  static ExecutorService create(String name, int maxConnections) {
    ExecutorService virtual = virtualExecutor();
    if (virtual != null) {
      return virtual;
    }
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> new ConnectionThread(r, "missive-" + name + "-" + count.incrementAndGet()), ConnectionThreads::waitForAThread);
  }

  /** At the pool's size: hands the task to the next thread that comes back (the limiter bounds how long that is). */
  private static void waitForAThread(Runnable task, ThreadPoolExecutor pool) {
    if (pool.isShutdown()) {
      throw new RejectedExecutionException("the listener is closed");
    }
    try {
      pool.getQueue().put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException("interrupted while waiting for a connection thread", e);
    }
  }

  private static ExecutorService virtualExecutor() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // Java 17 to 20
    } catch (Throwable e) {
      throw new IllegalStateException("cannot make a virtual-thread executor", e);
    }
  }
}
