package dev.missive.mailauth.spf;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsResult;
import dev.missive.dns.MxRecord;
import dev.missive.dns.TxtRecord;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The zone data of one scenario of the OpenSPF test suite as a resolver, read the way the suite's own driver
 * (pyspf's testspf.py) reads it: SPF-type records double as TXT records unless the name has a TXT entry, "TXT:
 * NONE" means no TXT record, TIMEOUT makes a query that found no record of its type fail, names under "error."
 * time out, and a CNAME is followed one level.
 */
final class SuiteZone implements DnsResolver {

  private record Rr(String type, Object value) {}

  private final Map<String, List<Object>> zone = new HashMap<>();

  @SuppressWarnings("unchecked")
  SuiteZone(Map<String, Object> zonedata) {
    if (zonedata == null) {
      return;
    }
    for (Map.Entry<String, Object> e : zonedata.entrySet()) {
      List<Object> entries = new ArrayList<>();
      boolean hasTxt = false;
      List<Object> spf = new ArrayList<>();
      for (Object o : (List<Object>) e.getValue()) {
        if (o instanceof String s) {
          entries.add(s);
          continue;
        }
        Map.Entry<String, Object> rr = ((Map<String, Object>) o).entrySet().iterator().next();
        String type = rr.getKey();
        Object v = rr.getValue();
        if (type.equals("TXT")) {
          hasTxt = true;
        }
        if ("NONE".equals(v)) {
          continue;
        }
        if (type.equals("SPF")) {
          spf.add(v);
          continue;
        }
        entries.add(new Rr(type, v));
      }
      if (!hasTxt) {
        for (Object v : spf) {
          entries.add(new Rr("TXT", v));
        }
      }
      zone.put(e.getKey().toLowerCase(Locale.ROOT), entries);
    }
  }

  private <T> DnsResult<T> lookup(String name, String type, java.util.function.Function<Object, T> reader,
                                  int level) {
    String n = DnsNames.normalize(name);
    List<Object> entries = zone.get(n);
    if (entries == null) {
      return n.startsWith("error.") ? new DnsResult.Failure<>("timeout") : new DnsResult.NxDomain<>();
    }
    List<T> out = new ArrayList<>();
    for (Object o : entries) {
      if ("TIMEOUT".equals(o)) {
        if (out.isEmpty()) {
          return new DnsResult.Failure<>("timeout");
        }
        break;
      }
      Rr rr = (Rr) o;
      if (rr.type.equals(type)) {
        if ("TIMEOUT".equals(rr.value)) {
          return new DnsResult.Failure<>("timeout");
        }
        T t = reader.apply(rr.value);
        if (t != null) {
          out.add(t);
        }
      } else if (rr.type.equals("CNAME") && level == 0) {
        return lookup((String) rr.value, type, reader, 1);
      }
    }
    return out.isEmpty() ? new DnsResult.NoData<>() : new DnsResult.Answer<>(out);
  }

  @SuppressWarnings("unchecked")
  private static TxtRecord txt(Object v) {
    if (v instanceof List<?> l) {
      return new TxtRecord((List<String>) l);
    }
    return TxtRecord.of(String.valueOf(v));
  }

  private static InetAddress address(Object v) {
    try {
      return InetAddress.getByName(String.valueOf(v));
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public DnsResult<TxtRecord> txt(String name) {
    return lookup(name, "TXT", SuiteZone::txt, 0);
  }

  @Override
  public DnsResult<MxRecord> mx(String name) {
    return lookup(name, "MX", v -> {
      List<?> l = (List<?>) v;
      String host = String.valueOf(l.get(1));
      return new MxRecord(((Number) l.get(0)).intValue(), host.isEmpty() ? "." : host);
    }, 0);
  }

  @Override
  public DnsResult<Inet4Address> a(String name) {
    return lookup(name, "A", v -> address(v) instanceof Inet4Address a ? a : null, 0);
  }

  @Override
  public DnsResult<Inet6Address> aaaa(String name) {
    return lookup(name, "AAAA", v -> address(v) instanceof Inet6Address a ? a : null, 0);
  }

  @Override
  public DnsResult<String> ptr(InetAddress address) {
    return lookup(DnsNames.reverseName(address), "PTR", String::valueOf, 0);
  }
}
