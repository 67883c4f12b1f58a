package dev.missive.imap.client;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.Gathered;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Builds a command's {@link CommandResult} from its tagged response and what it gathered (RFC 9051 §7). */
final class Results {

  private Results() {
  }

  static CommandResult of(ClientCommand c, Response.Tagged t, ClientMailbox selecting, List<String> capabilities) {
    if (t.status() != ResponseStatus.OK) {
      return new CommandResult.Failed(t.status(), t.code(), t.text());
    }
    Gathered g = c.gathered();
    ResponseCode code = t.code().orElse(null);
    return switch (c.kind()) {
      case SELECT -> selected(selecting, code);
      case LIST -> new CommandResult.Listed(g.lists, g.statuses);
      case STATUS -> g.statuses.isEmpty() ? new CommandResult.Done(t.code(), t.text())
          : new CommandResult.Status(g.statuses.get(0));
      case SEARCH -> searched(c, g);
      case COPY, MOVE -> new CommandResult.Copied(Optional.ofNullable(
          code instanceof ResponseCode.CopyUid cu ? cu : g.copyUid));
      case APPEND -> new CommandResult.Appended(Optional.ofNullable(
          code instanceof ResponseCode.AppendUid au ? au : null));
      case ENABLE -> new CommandResult.Enabled(g.enabled);
      case NAMESPACE -> new CommandResult.Namespaces(Optional.ofNullable(g.namespace));
      case ID -> new CommandResult.ServerId(g.id == null ? List.of() : g.id);
      case CAPABILITY -> new CommandResult.Capabilities(capabilities == null ? List.of() : capabilities);
      default -> new CommandResult.Done(t.code(), t.text());
    };
  }

  private static CommandResult selected(ClientMailbox m, ResponseCode code) {
    if (ResponseCode.READ_ONLY.equals(code)) {
      m.readOnly(true);
    } else if (ResponseCode.READ_WRITE.equals(code)) {
      m.readOnly(false);
    }
    return new CommandResult.Selected(m);
  }

  private static CommandResult searched(ClientCommand c, Gathered g) {
    boolean uid = c.command() instanceof dev.missive.imap.command.SelectedCommand.Search s && s.uid();
    UntaggedResponse.ESearch e = g.esearch;
    boolean defaultReturn = !(c.command() instanceof dev.missive.imap.command.SelectedCommand.Search s)
        || s.returnOptions().map(Set::isEmpty).orElse(true);
    if (e != null && defaultReturn && e.min().isEmpty() && e.max().isEmpty() && e.count().isEmpty()) {
      return everyMatch(e.uid() || uid, e.all());
    }
    if (e != null) {
      return new CommandResult.Searched(e.uid() || uid, e.all(), e.min(), e.max(), e.count());
    }
    if (g.numbers.isEmpty()) {
      return new CommandResult.Searched(uid, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.of(0));
    }
    long[] n = g.numbers.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    return new CommandResult.Searched(uid, Optional.of(SequenceSet.of(n)), OptionalLong.of(n[0]),
        OptionalLong.of(n[n.length - 1]), OptionalLong.of(n.length));
  }

  /**
   * A search without return options answered by ESEARCH (RFC 9051 §6.4.4: the default is ALL, and ALL is left out
   * when nothing matched): its set is every match, so the lowest, the highest and the count are known as they are
   * from a SEARCH response. Overlapping ranges are counted once; a set with {@code *} leaves them unknown.
   */
  private static CommandResult everyMatch(boolean uid, Optional<SequenceSet> all) {
    if (all.isEmpty()) {
      return new CommandResult.Searched(uid, all, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(0));
    }
    if (all.get().isSaved() || all.get().usesStar()) {
      return new CommandResult.Searched(uid, all, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
    List<SequenceSet.Range> ranges = new ArrayList<>(all.get().ranges());
    ranges.sort(Comparator.comparingLong(r -> Math.min(r.first(), r.last())));
    long count = 0;
    long covered = 0;                                 // the highest number counted so far
    long max = 0;
    for (SequenceSet.Range r : ranges) {
      long lo = Math.max(Math.min(r.first(), r.last()), covered + 1);
      long hi = Math.max(r.first(), r.last());
      if (hi >= lo) {
        count += hi - lo + 1;
        covered = hi;
      }
      max = Math.max(max, hi);
    }
    long min = Math.min(ranges.get(0).first(), ranges.get(0).last());
    return new CommandResult.Searched(uid, all, OptionalLong.of(min), OptionalLong.of(max), OptionalLong.of(count));
  }
}
