package dev.missive.examples.server;

import dev.missive.dns.DnsResolver;
import java.nio.file.Path;

/**
 * What the MX port needs to authenticate incoming mail: the resolver, this host's authserv-id, and a directory
 * where a message waits while it is checked (its {@code Authentication-Results:} field goes on top, so the checks
 * end before the stored copy is written).
 *
 * @param dns        the resolver for SPF, DKIM, DMARC and ARC
 * @param authservId this host's name in {@code Authentication-Results:}
 * @param spool      the directory for messages being checked
 */
record InboundChecks(DnsResolver dns, String authservId, Path spool) {}
