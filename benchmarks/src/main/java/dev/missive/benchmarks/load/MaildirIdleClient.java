package dev.missive.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@link MaildirIdleSessions}, in its own JVM: opens the sessions one after the other (LOGIN,
 * SELECT INBOX, IDLE until the continuation), prints {@code idle N}, keeps them until its standard input ends, then
 * ends each IDLE (DONE) and logs out.
 */
public final class MaildirIdleClient {

  private MaildirIdleClient() {}

  /**
   * Runs the client.
   *
   * @param args the server's port and the number of sessions
   * @throws Exception when a session cannot be opened
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int sessions = Integer.parseInt(args[1]);
    List<MaildirLoad.Client> open = new ArrayList<>();
    try {
      for (int i = 0; i < sessions; i++) {
        MaildirLoad.Client c = new MaildirLoad.Client(port);
        open.add(c);
        c.send("a LOGIN " + MaildirLoad.USER + " " + MaildirLoad.PASSWORD);
        c.readUntil("a ");
        c.send("b SELECT INBOX");
        c.readUntil("b OK");
        c.send("c IDLE");
        c.readUntil("+");
      }
    } finally {
      System.out.println("idle " + open.size());
      System.out.flush();
    }
    while (System.in.read() >= 0) {
      // hold the sessions until the measuring side closes our input
    }
    for (MaildirLoad.Client c : open) {
      c.send("DONE");
      c.send("d LOGOUT");
      c.close();
    }
  }
}
