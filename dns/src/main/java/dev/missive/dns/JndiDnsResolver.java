package dev.missive.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.naming.CommunicationException;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DnsResolver} over the JDK's own DNS provider (JNDI {@code dns:}, module {@code jdk.naming.dns}):
 * the system's name servers, or one server given as {@code HOST:PORT}; UDP with retries and the provider's
 * fall-back to TCP for truncated answers (RFC 1035 §4.2.2).
 *
 * <p>Each query uses its own JNDI context, so the resolver is thread-safe. The provider shows a TXT record as
 * text in which a character-string holding a space is quoted without escaping the quotes inside it; a string
 * holding both a space and a quote followed by a space cannot be told apart from two strings, and is read as two.
 */
public final class JndiDnsResolver implements DnsResolver {

  private static final Logger LOG = LoggerFactory.getLogger(JndiDnsResolver.class);
  private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

  /**
   * How the resolver asks.
   *
   * @param server  the one server to ask, or empty for the system's name servers
   * @param timeout the wait for the first answer; each retry waits twice as long as the previous try
   * @param retries how many times a query that got no answer is sent again (0–10)
   */
  public record Options(Optional<DnsServer> server, Duration timeout, int retries) {

    /** The system's name servers, 2 s for the first try, 2 retries (at most 2 + 4 + 8 = 14 s per query). */
    public static final Options DEFAULT = new Options(Optional.empty(), Duration.ofSeconds(2), 2);

    /**
     * Checks the values.
     *
     * @param server  the one server to ask, or empty for the system's name servers
     * @param timeout the wait for the first answer; each retry waits twice as long as the previous try
     * @param retries how many times a query that got no answer is sent again (0–10)
     */
    public Options {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeout out of range: " + timeout);
      }
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("retries must be 0-10, was " + retries);
      }
    }

    /**
     * A copy asking one server.
     *
     * @param s the server
     * @return a copy with that value
     */
    public Options withServer(DnsServer s) {
      return new Options(Optional.of(s), timeout, retries);
    }

    /**
     * A copy with another first wait.
     *
     * @param t the wait for the first answer
     * @return a copy with that value
     */
    public Options withTimeout(Duration t) {
      return new Options(server, t, retries);
    }

    /**
     * A copy with another retry count.
     *
     * @param n how many times a query that got no answer is sent again (0–10)
     * @return a copy with that value
     */
    public Options withRetries(int n) {
      return new Options(server, timeout, n);
    }
  }

  private final Options options;
  private final Hashtable<String, Object> environment;

  /**
   * A resolver with the given options.
   *
   * @param options how it asks
   */
  public JndiDnsResolver(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, FACTORY);
    env.put(Context.PROVIDER_URL, options.server().map(DnsServer::providerUrl).orElse("dns:"));
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(options.timeout().toMillis()));
    env.put("com.sun.jndi.dns.timeout.retries", Integer.toString(options.retries() + 1));
    this.environment = env;
  }

  /** {@return a resolver over the system's name servers with {@link Options#DEFAULT}} */
  public static JndiDnsResolver system() {
    return new JndiDnsResolver(Options.DEFAULT);
  }

  /**
   * A resolver that asks one server, with the default time-out and retries.
   *
   * @param server the server
   * @return the resolver
   */
  public static JndiDnsResolver using(DnsServer server) {
    return new JndiDnsResolver(Options.DEFAULT.withServer(server));
  }

  /** {@return how this resolver asks} */
  public Options options() {
    return options;
  }

  @Override
  public DnsResult<TxtRecord> txt(String name) {
    return query(name, "TXT", s -> new TxtRecord(JndiAnswers.txtStrings(s)));
  }

  @Override
  public DnsResult<MxRecord> mx(String name) {
    return query(name, "MX", JndiAnswers::mx);
  }

  @Override
  public DnsResult<Inet4Address> a(String name) {
    return query(name, "A", JndiAnswers::ipv4);
  }

  @Override
  public DnsResult<Inet6Address> aaaa(String name) {
    return query(name, "AAAA", JndiAnswers::ipv6);
  }

  @Override
  public DnsResult<String> ptr(InetAddress address) {
    return query(DnsNames.reverseName(address), "PTR", JndiAnswers::hostName);
  }

  private <T> DnsResult<T> query(String name, String type, Function<String, T> reader) {
    String n = DnsNames.normalize(name);
    DnsResult<T> result = ask(n, type, reader);
    if (LOG.isDebugEnabled()) {
      LOG.debug("DNS {} {} -> {}", type, n, result);
    }
    return result;
  }

  private <T> DnsResult<T> ask(String name, String type, Function<String, T> reader) {
    DirContext ctx = null;
    try {
      ctx = new InitialDirContext(environment);
      Attributes attributes = ctx.getAttributes(new CompositeName().add(name), new String[] {type});
      Attribute attribute = attributes.get(type);
      if (attribute == null || attribute.size() == 0) {
        return new DnsResult.NoData<>();
      }
      List<T> records = new ArrayList<>(attribute.size());
      NamingEnumeration<?> values = attribute.getAll();
      while (values.hasMore()) {
        Object v = values.next();
        T record = v instanceof String s ? reader.apply(s) : null;
        if (record == null) {
          return new DnsResult.Failure<>("unreadable " + type + " record for " + name);
        }
        records.add(record);
      }
      return new DnsResult.Answer<>(records);
    } catch (NameNotFoundException e) {
      return new DnsResult.NxDomain<>();
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("not a domain name the resolver can ask: " + name, e);
    } catch (ServiceUnavailableException e) {
      return new DnsResult.Failure<>("server failure for " + type + " " + name);
    } catch (CommunicationException e) {
      return new DnsResult.Failure<>("no answer for " + type + " " + name + " from "
          + options.server().map(DnsServer::toString).orElse("the system's name servers"));
    } catch (NamingException | RuntimeException e) {
      return new DnsResult.Failure<>(type + " " + name + ": " + e.getClass().getSimpleName());
    } finally {
      close(ctx);
    }
  }

  private static void close(DirContext ctx) {
    if (ctx != null) {
      try {
        ctx.close();
      } catch (NamingException ignored) {
        // nothing to release beyond what close already dropped
      }
    }
  }

  @Override
  public String toString() {
    return "JndiDnsResolver[" + options.server().map(DnsServer::toString).orElse("system") + "]";
  }
}
