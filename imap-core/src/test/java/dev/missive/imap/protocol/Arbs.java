package dev.missive.imap.protocol;

import dev.missive.imap.Address;
import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.Partial;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.Section;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for commands and responses: every record, with values that need every written form. */
final class Arbs {

  private Arbs() {}

  /** Text that needs atoms, quoting, escapes and literals: quotes, backslashes, CR, LF, 8-bit, wildcards. */
  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.of("", "x", "INBOX.Sent", "a b", "\"q\"", "back\\slash", "line\r\nbreak", "caf\u00e9",
            "\u65e5\u672c", "%*", "[x]", "NIL", "nil", "{5}", "a&b", "tab\there", "  padded  ", "~peter/mail"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12),
        Arbitraries.strings().withChars('a', '"', '\\', '\r', '\n', '\u00e9', ' ', '{', '}', '(', ')')
            .ofMaxLength(10));
  }

  static Arbitrary<String> ascii() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
  }

  /** Names that are not INBOX in any case (INBOX is normalised). */
  static Arbitrary<String> mailbox() {
    return text().filter(s -> !s.equalsIgnoreCase("INBOX") && s.indexOf('\0') < 0);
  }

  static Arbitrary<String> atom() {
    return Arbitraries.strings().withChars("abcXYZ019.-_!$&'+=").ofMinLength(1).ofMaxLength(8)
        .filter(a -> !a.equalsIgnoreCase("NIL"));
  }

  static Arbitrary<String> tag() {
    return Arbitraries.strings().withChars("aZ09.-]").ofMinLength(1).ofMaxLength(5);
  }

  static Arbitrary<Flag> flag() {
    return Arbitraries.oneOf(Arbitraries.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED, Flag.DRAFT),
        atom().map(Flag::new));
  }

  static Arbitrary<SequenceSet> sequenceSet() {
    Arbitrary<Long> n = Arbitraries.oneOf(Arbitraries.longs().between(1, 20),
        Arbitraries.of(SequenceSet.STAR, SequenceSet.MAX_NUMBER));
    return Arbitraries.oneOf(Arbitraries.just(SequenceSet.saved()),
        n.list().ofMinSize(1).ofMaxSize(4).map(list -> {
          long[] pairs = new long[list.size() * 2];
          for (int i = 0; i < list.size(); i++) {
            pairs[2 * i] = list.get(i);
            pairs[2 * i + 1] = i % 2 == 0 ? list.get(i) : list.get((i + 1) % list.size());
          }
          return SequenceSet.ofRanges(pairs);
        }));
  }

  static Arbitrary<SequenceSet> uidSet() {
    return Arbitraries.longs().between(1, 50).list().ofMinSize(1).ofMaxSize(4)
        .map(l -> SequenceSet.of(l.stream().mapToLong(Long::longValue).toArray()));
  }

  static Arbitrary<Section> section() {
    Arbitrary<List<Integer>> part = Arbitraries.integers().between(1, 9).list().ofMaxSize(3);
    Arbitrary<List<String>> fields = Arbitraries.of("From", "Subject", "X-A(b)", "Message-ID", "\"q\"")
        .list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(part, Arbitraries.of(Section.Text.values()), fields).as((p, t, f) -> {
      if (t == Section.Text.MIME && p.isEmpty()) {
        t = Section.Text.NONE;
      }
      boolean needs = t == Section.Text.HEADER_FIELDS || t == Section.Text.HEADER_FIELDS_NOT;
      return new Section(p, t, needs ? f : List.of());
    });
  }

  static Arbitrary<Optional<Partial>> partial() {
    return Arbitraries.longs().between(0, 10_000).optional().map(o -> o.map(x -> new Partial(x, x + 1)));
  }

  static Arbitrary<FetchItem> fetchItem() {
    return Arbitraries.oneOf(Arbitraries.of(FetchItem.Simple.values()),
        Combinators.combine(section(), partial(), Arbitraries.of(true, false)).as(FetchItem.BodySection::new),
        Combinators.combine(Arbitraries.integers().between(1, 9).list().ofMaxSize(2), partial(),
            Arbitraries.of(true, false)).as(FetchItem.Binary::new),
        Arbitraries.integers().between(1, 9).list().ofMaxSize(2).map(FetchItem.BinarySize::new));
  }

  static Arbitrary<SearchKey> searchKey(int depth) {
    LocalDate date = LocalDate.of(2006, 2, 12);
    Arbitrary<SearchKey> leaf = Arbitraries.oneOf(
        Arbitraries.just(new SearchKey.All()),
        Combinators.combine(flag().filter(f -> !f.isSystem() || !f.name().equals("\\Recent")),
            Arbitraries.of(true, false)).as(SearchKey.FlagKey::new),
        Arbitraries.of(true, false).map(b -> new SearchKey.FlagKey(Flag.RECENT, b)),
        Combinators.combine(Arbitraries.of(SearchKey.Target.values()), ascii()).as(SearchKey.Contains::new),
        Combinators.combine(Arbitraries.of("From", "X-Mailer", "Message-ID"), ascii()).as(SearchKey.Header::new),
        Combinators.combine(Arbitraries.of(SearchKey.DateField.values()),
            Arbitraries.of(SearchKey.DateComparison.values())).as((f, c) -> new SearchKey.DateKey(f, c, date)),
        Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(SearchKey.Size::new),
        sequenceSet().map(SearchKey.SequenceNumbers::new),
        sequenceSet().map(SearchKey.Uids::new));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<SearchKey> inner = searchKey(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, leaf),
        net.jqwik.api.Tuple.of(1, inner.map(SearchKey.Not::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as(SearchKey.Or::new)),
        net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(2).ofMaxSize(3).map(SearchKey.And::new)));
  }

  static Arbitrary<Command> command() {
    Arbitrary<String> t = tag();
    return Arbitraries.oneOf(
        t.map(AnyStateCommand.Capability::new),
        t.map(AnyStateCommand.Noop::new),
        t.map(AnyStateCommand.Logout::new),
        Combinators.combine(t, idParameters()).as(AnyStateCommand.Id::new),
        t.map(NotAuthenticatedCommand.StartTls::new),
        Combinators.combine(t, Arbitraries.of("PLAIN", "SCRAM-SHA-256", "XOAUTH2"),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20)
                .map(b -> java.util.Base64.getEncoder().encodeToString(b)).injectNull(0.2)
                .map(java.util.Optional::ofNullable).map(o -> o.or(() -> java.util.Optional.of("="))).optional()
                .map(o -> o.flatMap(x -> x)))
            .as(NotAuthenticatedCommand.Authenticate::new),
        Combinators.combine(t, mailbox(), mailbox()).as((tag, u, p) -> new NotAuthenticatedCommand.Login(tag, u,
            p.toCharArray())),
        Combinators.combine(t, atom().list().ofMinSize(1).ofMaxSize(3)).as(AuthenticatedCommand.Enable::new),
        Combinators.combine(t, mailbox(), Arbitraries.of(true, false)).as(AuthenticatedCommand.Select::new),
        Combinators.combine(t, mailbox(), Arbitraries.of(MailboxAttribute.SENT, MailboxAttribute.TRASH).list()
            .ofMaxSize(2)).as(AuthenticatedCommand.Create::new),
        Combinators.combine(t, mailbox()).as(AuthenticatedCommand.Delete::new),
        Combinators.combine(t, mailbox(), mailbox()).as(AuthenticatedCommand.Rename::new),
        Combinators.combine(t, mailbox(), Arbitraries.of(true, false)).as(AuthenticatedCommand.Subscribe::new),
        list(t),
        Combinators.combine(t, mailbox(), mailbox()).as(AuthenticatedCommand.Lsub::new),
        t.map(AuthenticatedCommand.Namespace::new),
        Combinators.combine(t, mailbox(), Arbitraries.of(StatusItem.values()).list().ofMinSize(1).ofMaxSize(4))
            .as(AuthenticatedCommand.Status::new),
        t.map(AuthenticatedCommand.Idle::new),
        t.map(SelectedCommand.Check::new),
        Combinators.combine(t, Arbitraries.of(true, false)).as(SelectedCommand.Close::new),
        Combinators.combine(t, uidSet().optional()).as(SelectedCommand.Expunge::new),
        Combinators.combine(t, Arbitraries.of(true, false),
            Arbitraries.subsetOf(SearchReturnOption.values()).optional(),
            Arbitraries.of("UTF-8", "ISO-8859-1").optional(), searchKey(2)).as(SelectedCommand.Search::new),
        Combinators.combine(t, Arbitraries.of(true, false), sequenceSet(),
            fetchItem().list().ofMinSize(1).ofMaxSize(4)).as(SelectedCommand.Fetch::new),
        Combinators.combine(t, Arbitraries.of(true, false), sequenceSet(), Arbitraries.of(StoreAction.values()),
            Arbitraries.of(true, false), flag().list().ofMaxSize(3)).as(SelectedCommand.Store::new),
        Combinators.combine(t, Arbitraries.of(true, false), sequenceSet(), mailbox(), Arbitraries.of(true, false))
            .as(SelectedCommand.Copy::new));
  }

  private static Arbitrary<Command> list(Arbitrary<String> t) {
    Arbitrary<Set<ListSelectOption>> sel = Arbitraries.subsetOf(ListSelectOption.values())
        .map(s -> s.contains(ListSelectOption.RECURSIVEMATCH) ? addSubscribed(s) : s);
    Arbitrary<Set<ListReturnOption>> ret = Arbitraries.subsetOf(ListReturnOption.values());
    return Combinators.combine(t, sel, mailbox(), text().list().ofMinSize(1).ofMaxSize(3), ret,
        Arbitraries.of(StatusItem.values()).list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false))
        .as((tag, s, ref, pats, r, items, ext) -> {
          boolean extended = ext || !s.isEmpty() || !r.isEmpty() || pats.size() > 1;
          return new AuthenticatedCommand.ListMailboxes(tag, s, ref, pats, r,
              r.contains(ListReturnOption.STATUS) ? items : List.of(), extended);
        });
  }

  private static Set<ListSelectOption> addSubscribed(Set<ListSelectOption> s) {
    Set<ListSelectOption> out = EnumSet.copyOf(s);
    out.add(ListSelectOption.SUBSCRIBED);
    return out;
  }

  static Arbitrary<List<IdParameter>> idParameters() {
    return Combinators.combine(atom(), ascii().optional()).as(IdParameter::new).list().ofMaxSize(3);
  }

  // ---- responses ----

  static Arbitrary<ResponseCode> code() {
    return Arbitraries.oneOf(
        Arbitraries.of(ResponseCode.ALERT, ResponseCode.TRYCREATE, ResponseCode.READ_ONLY, ResponseCode.EXPUNGEISSUED,
            ResponseCode.TOOBIG, ResponseCode.CLOSED),
        Arbitraries.of("UTF-8", "US-ASCII", "x y").list().ofMaxSize(2).map(ResponseCode.BadCharset::new),
        atom().list().ofMaxSize(3).map(ResponseCode.Capability::new),
        Arbitraries.of(Flag.SEEN, Flag.ANY_KEYWORD, new Flag("$Junk")).list().ofMaxSize(3)
            .map(ResponseCode.PermanentFlags::new),
        Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(ResponseCode.UidNext::new),
        Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(ResponseCode.UidValidity::new),
        Arbitraries.longs().between(1, 99).map(ResponseCode.Unseen::new),
        Combinators.combine(Arbitraries.longs().between(1, 99), uidSet()).as(ResponseCode.AppendUid::new),
        Combinators.combine(Arbitraries.longs().between(1, 99), uidSet(), uidSet()).as(ResponseCode.CopyUid::new),
        Arbitraries.of("X-VENDOR", "METADATA").map(ResponseCode.Atom::new),
        Combinators.combine(Arbitraries.of("X-VENDOR", "METADATA", "HIGHESTMODSEQ2"),
            Arbitraries.of("a b", "1:5", "(x)")).as(ResponseCode.Other::new));
  }

  /** Response text: no CR, LF or NUL, not starting with a space or '['; 8-bit only with UTF-8. */
  static Arbitrary<String> respText(boolean utf8) {
    Arbitrary<String> base = utf8 ? Arbitraries.of("Entw\u00fcrfe fertig", "done", "", "a [b] c")
        : Arbitraries.of("done", "", "a [b] c", "LOGIN completed");
    return Arbitraries.oneOf(base, ascii().map(String::trim).filter(s -> !s.startsWith("[")));
  }

  static Arbitrary<Address> address() {
    return Combinators.combine(text().optional(), text().optional(), text().optional(), text().optional())
        .as(Address::new).filter(a -> !(a.name().isPresent() && a.mailbox().isEmpty() && a.host().isEmpty()))
        .filter(a -> List.of(a.name(), a.adl(), a.mailbox(), a.host()).stream()
            .noneMatch(o -> o.map(s -> s.indexOf('\0') >= 0).orElse(false)));
  }

  static Arbitrary<Envelope> envelope() {
    Arbitrary<List<Address>> list = address().list().ofMaxSize(2);
    Arbitrary<Optional<String>> s = text().optional();
    return Combinators.combine(s, s, list, list, list, list, list, list).as((d, sub, f, se, r, to, cc, bcc) ->
        new Envelope(d, sub, f, se, r, to, cc, bcc, Optional.of("<a@b>"), Optional.empty()));
  }

  static Arbitrary<BodyStructure> body(int depth, boolean extensible) {
    Arbitrary<List<BodyStructure.Parameter>> params = Combinators.combine(Arbitraries.of("CHARSET", "NAME"),
        text()).as(BodyStructure.Parameter::new).list().ofMaxSize(2);
    Arbitrary<Optional<BodyStructure.Extension>> ext = !extensible ? Arbitraries.just(Optional.empty())
        : Combinators.combine(
            Combinators.combine(Arbitraries.of("attachment", "inline"), params).as(BodyStructure.Disposition::new)
                .optional(),
            Arbitraries.of("en", "de-CH").list().ofMaxSize(2), text().optional())
            .as(BodyStructure.Extension::new).optional();
    Arbitrary<BodyStructure> leaf = Combinators.combine(Arbitraries.of("TEXT", "IMAGE", "application"),
        Arbitraries.of("PLAIN", "png", "octet-stream"), params, text().optional(), Arbitraries.of("7BIT", "BASE64"),
        Arbitraries.longs().between(0, 1 << 20), ext, Arbitraries.of("md5sum").optional())
        .as((type, sub, p, desc, enc, size, x, md5) -> new BodyStructure.SinglePart(type, sub, p,
            Optional.of("<id@x>"), desc, enc, size,
            type.equals("TEXT") ? OptionalLong.of(size / 40) : OptionalLong.empty(), Optional.empty(),
            Optional.empty(), x.isPresent() ? md5 : Optional.empty(), x));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<BodyStructure> inner = body(depth - 1, extensible);
    Arbitrary<BodyStructure> multipart = Combinators.combine(inner.list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.of("MIXED", "alternative"), params, ext)
        .as((parts, sub, p, x) -> new BodyStructure.Multipart(parts, sub, x.isPresent() ? p : List.of(), x));
    Arbitrary<BodyStructure> message = Combinators.combine(envelope(), inner, ext)
        .as((env, b, x) -> new BodyStructure.SinglePart("MESSAGE", "RFC822", List.of(), Optional.empty(),
            Optional.empty(), "7BIT", 1000, OptionalLong.of(20), Optional.of(env), Optional.of(b), Optional.empty(),
            x));
    return Arbitraries.oneOf(leaf, multipart, message);
  }

  static Arbitrary<FetchAttribute> fetchAttribute() {
    return Arbitraries.oneOf(
        flag().list().ofMaxSize(3).map(FetchAttribute.Flags::new),
        Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER).map(FetchAttribute.Uid::new),
        Arbitraries.of(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)),
            OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)))
            .map(FetchAttribute.InternalDate::new),
        Arbitraries.longs().between(0, Long.MAX_VALUE).map(FetchAttribute.Rfc822Size::new),
        envelope().map(FetchAttribute.EnvelopeData::new),
        Arbitraries.of(true, false).flatMap(x -> body(2, x).map(b -> new FetchAttribute.Structure(b, x))),
        Combinators.combine(Arbitraries.integers().between(1, 9).list().ofMaxSize(2),
            Arbitraries.longs().between(0, 99)).as(FetchAttribute.BinarySize::new));
  }

  static Arbitrary<Response> response(boolean utf8) {
    Arbitrary<Optional<ResponseCode>> code = code().optional();
    Arbitrary<String> text = respText(utf8);
    Arbitrary<Long> nz = Arbitraries.longs().between(1, SequenceSet.MAX_NUMBER);
    return Arbitraries.oneOf(
        Combinators.combine(tag(), Arbitraries.of(ResponseStatus.OK, ResponseStatus.NO, ResponseStatus.BAD), code,
            text).as(Response.Tagged::new),
        ascii().map(String::trim).map(Response.Continuation::new),
        Combinators.combine(Arbitraries.of(ResponseStatus.values()), code, text)
            .as(UntaggedResponse.Condition::new),
        atom().list().ofMaxSize(4).map(UntaggedResponse.Capabilities::new),
        atom().list().ofMaxSize(2).map(UntaggedResponse.Enabled::new),
        Combinators.combine(Arbitraries.of(MailboxAttribute.NOSELECT, MailboxAttribute.HAS_CHILDREN,
            MailboxAttribute.SENT, new MailboxAttribute("\\X-Custom")).list().ofMaxSize(3).uniqueElements(),
            Arbitraries.of('/', '.', '\\', '"').optional(), mailbox(), Arbitraries.of("SUBSCRIBED", "x y").list()
                .ofMaxSize(2), mailbox().optional(), Arbitraries.of(true, false))
            .as((a, d, m, ci, old, lsub) -> new UntaggedResponse.MailboxList(a, d, m, lsub ? List.of() : ci,
                lsub ? Optional.empty() : old, lsub)),
        Combinators.combine(mailbox(), Arbitraries.subsetOf(StatusItem.values())).as((m, items) -> {
          Map<StatusItem, Long> values = new LinkedHashMap<>();
          items.forEach(i -> values.put(i, i == StatusItem.APPENDLIMIT ? Long.MAX_VALUE : 7L));
          return new UntaggedResponse.MailboxStatus(m, values);
        }),
        Combinators.combine(tag().optional(), Arbitraries.of(true, false), nz.optional(), nz.optional(),
            uidSet().optional(), Arbitraries.longs().between(0, 99).optional())
            .as((tag, uid, min, max, all, count) -> new UntaggedResponse.ESearch(tag, uid,
                min.map(OptionalLong::of).orElse(OptionalLong.empty()),
                max.map(OptionalLong::of).orElse(OptionalLong.empty()), all,
                count.map(OptionalLong::of).orElse(OptionalLong.empty()))),
        nz.list().ofMaxSize(5).map(UntaggedResponse.Search::new),
        flag().list().ofMaxSize(4).map(UntaggedResponse.Flags::new),
        Arbitraries.longs().between(0, SequenceSet.MAX_NUMBER).map(UntaggedResponse.Exists::new),
        Arbitraries.longs().between(0, 99).map(UntaggedResponse.Recent::new),
        nz.map(UntaggedResponse.Expunge::new),
        Combinators.combine(nz, fetchAttribute().list().ofMaxSize(4)).as(UntaggedResponse.Fetch::new),
        namespace(),
        idParameters().map(UntaggedResponse.Id::new));
  }

  private static Arbitrary<Response> namespace() {
    Arbitrary<UntaggedResponse.NamespaceDescription> d = Combinators.combine(mailbox(),
        Arbitraries.of('/', '.').optional(), Arbitraries.of(Map.<String, List<String>>of(),
            Map.of("X-PARAM", List.of("FLAG1", "FLAG2")))).as(UntaggedResponse.NamespaceDescription::new);
    Arbitrary<List<UntaggedResponse.NamespaceDescription>> l = d.list().ofMaxSize(2);
    return Combinators.combine(l, l, l).as(UntaggedResponse.Namespace::new);
  }
}
