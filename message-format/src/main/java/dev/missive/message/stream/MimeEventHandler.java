package dev.missive.message.stream;

/**
 * The push face of the streaming parser (RFC 2045/2046 entities as events): receives each {@link MimeEvent} in
 * order, as Mime4j's {@code ContentHandler} does; byte slices are valid only during the call.
 */
@FunctionalInterface
public interface MimeEventHandler {

  /**
   * Handles one event.
   *
   * @param event the event
   */
  void handle(MimeEvent event);
}
