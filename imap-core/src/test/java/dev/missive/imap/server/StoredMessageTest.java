package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.Flag;
import dev.missive.imap.message.MessageLayout;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link StoredMessage#of}: the one in-memory message that stores and test mailboxes hand to FETCH and SEARCH. */
class StoredMessageTest {

  private static final byte[] OCTETS = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final OffsetDateTime DATE = OffsetDateTime.parse("2024-01-01T00:00:00Z");

  @Test
  void holdsTheAttributesAsOfWhenItWasMade() throws Exception {
    LinkedHashSet<Flag> flags = new LinkedHashSet<>(List.of(Flag.SEEN));
    StoredMessage m = StoredMessage.of(7, flags, 42, DATE, OCTETS, () -> MessageLayout.of(OCTETS));
    flags.add(Flag.DELETED); // the store changes the message afterwards
    assertThat(m.uid()).isEqualTo(7);
    assertThat(m.flags()).containsExactly(Flag.SEEN);
    assertThat(m.modSeq()).isEqualTo(42);
    assertThat(m.internalDate()).isEqualTo(DATE);
    assertThat(m.size()).isEqualTo(OCTETS.length);
    java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(100);
    assertThat(m.source().read(0, read)).isEqualTo(OCTETS.length);
  }

  @Test
  void asksForTheLayoutOnlyWhenNeededAndEachTime() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    MessageLayout layout = MessageLayout.of(OCTETS);
    StoredMessage m = StoredMessage.of(1, java.util.Set.of(), 0, DATE, OCTETS, () -> {
      asked.incrementAndGet();
      return layout; // a store's cache
    });
    assertThat(asked).hasValue(0);
    assertThat(m.layout()).isSameAs(layout);
    assertThat(m.layout()).isSameAs(layout);
    assertThat(asked).hasValue(2);
  }

  @Test
  void refusesWhatNoMailboxHolds() {
    assertThatThrownBy(() -> StoredMessage.of(0, java.util.Set.of(), 0, DATE, OCTETS, () -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UID");
    assertThatThrownBy(() -> StoredMessage.of(1, java.util.Set.of(), -1, DATE, OCTETS, () -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mod-sequence");
  }
}
