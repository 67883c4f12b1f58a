package dev.missive.transport.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the Linux kernel holds for a TCP connection: the octets that arrived and that the process has not read yet
 * ({@code rx_queue} in {@code /proc/net/tcp} and {@code /proc/net/tcp6}). A transport that stops reading leaves
 * them there, bounded by the kernel, instead of copying them into its own memory.
 */
final class KernelQueues {

  private KernelQueues() {}

  /** Whether this system has {@code /proc/net/tcp}. */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp"));
  }

  /** The unread octets of the connection with these local and remote ports, if it is listed. */
  static OptionalLong unread(int localPort, int remotePort) throws IOException {
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(file);
      if (!Files.isReadable(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[0].endsWith(":")) {
          continue;
        }
        if (port(f[1]) == localPort && port(f[2]) == remotePort) {
          return OptionalLong.of(Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16));
        }
      }
    }
    return OptionalLong.empty();
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
  }
}
