package dev.missive.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts a listener's open connections in total and per client IP address, so that one client (or a flood of
 * connections that never finish their handshake) cannot take every slot: Postfix's
 * {@code smtpd_client_connection_count_limit} and {@code process_limit}, Dovecot's {@code process_limit}. Thread-safe;
 * each {@link #tryAcquire} that returns true is paired with one {@link #release} of the same address.
 */
public final class ConnectionLimiter {

  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int total;

  /**
   * Creates a limiter with no connection counted.
   *
   * @param maxTotal      the most connections at once
   * @param maxPerAddress the most connections at once from one address
   */
  public ConnectionLimiter(int maxTotal, int maxPerAddress) {
    if (maxTotal < 1 || maxPerAddress < 1) {
      throw new IllegalArgumentException("limits must be positive: " + maxTotal + ", " + maxPerAddress);
    }
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** The limiter of {@code options}' limits. */
  static ConnectionLimiter of(TransportOptions options) {
    return new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerAddress());
  }

  /**
   * Counts a new connection from {@code address} if both limits allow it.
   *
   * @param address the client's IP address
   * @return whether the connection may be served; when false nothing was counted
   */
  public synchronized boolean tryAcquire(InetAddress address) {
    int fromAddress = perAddress.getOrDefault(address, 0);
    if (total >= maxTotal || fromAddress >= maxPerAddress) {
      return false;
    }
    total++;
    perAddress.put(address, fromAddress + 1);
    return true;
  }

  /**
   * Forgets one connection from {@code address} that {@link #tryAcquire} counted.
   *
   * @param address the client's IP address
   * @throws IllegalStateException if no connection from {@code address} is counted
   */
  public synchronized void release(InetAddress address) {
    Integer fromAddress = perAddress.get(address);
    if (fromAddress == null) {
      throw new IllegalStateException("no connection counted from " + address);
    }
    if (fromAddress == 1) {
      perAddress.remove(address);
    } else {
      perAddress.put(address, fromAddress - 1);
    }
    total--;
  }

  /** {@return how many connections are counted now} */
  public synchronized int open() {
    return total;
  }
}
