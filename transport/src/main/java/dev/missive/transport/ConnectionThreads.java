package dev.missive.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a blocking listener runs its connections on when the user gives none: a virtual thread per
 * connection where the JVM has them (Java 21 and later, looked up reflectively because Missive compiles for Java 17),
 * else a pool of at most {@code maxConnections} daemon platform threads that end after a minute idle. The listener's
 * connection limit keeps the number of running tasks under the pool's size; a task that finds every thread still
 * busy (one whose connection ended is returning to the pool) waits in the queue for a moment.
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
    ThreadPoolExecutor pool = new ThreadPoolExecutor(maxConnections, maxConnections, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "missive-" + name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
