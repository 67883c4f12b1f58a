/**
 * Mail authentication (DKIM, SPF, DMARC, ARC and Authentication-Results) for MTAs built on Missive: what its
 * packages share. See {@link dev.missive.mailauth.dkim}.
 */
package dev.missive.mailauth;
