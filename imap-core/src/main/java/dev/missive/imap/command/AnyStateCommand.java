package dev.missive.imap.command;

import dev.missive.imap.IdParameter;
import dev.missive.imap.internal.text.Checks;
import java.util.List;

/** The commands valid in every state (RFC 9051 §6.1 {@code command-any}, and ID of RFC 2971 §3.1). */
public sealed interface AnyStateCommand extends Command {

  /**
   * CAPABILITY (RFC 9051 §6.1.1).
   *
   * @param tag the command's tag
   */
  record Capability(String tag) implements AnyStateCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Capability {
      Checks.tag(tag);
    }
  }

  /**
   * NOOP (RFC 9051 §6.1.2).
   *
   * @param tag the command's tag
   */
  record Noop(String tag) implements AnyStateCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Noop {
      Checks.tag(tag);
    }
  }

  /**
   * LOGOUT (RFC 9051 §6.1.3).
   *
   * @param tag the command's tag
   */
  record Logout(String tag) implements AnyStateCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public Logout {
      Checks.tag(tag);
    }
  }

  /**
   * ID (RFC 2971 §3.1): the client's field/value pairs; empty for {@code ID NIL}.
   *
   * @param tag        the command's tag
   * @param parameters the pairs in the order sent
   */
  record Id(String tag, List<IdParameter> parameters) implements AnyStateCommand {
    /**
     * Checks the tag.
     *
     * @param tag        the command's tag
     * @param parameters the pairs in the order sent
     */
    public Id {
      Checks.tag(tag);
      parameters = Checks.list("parameters", parameters);
    }
  }
}
