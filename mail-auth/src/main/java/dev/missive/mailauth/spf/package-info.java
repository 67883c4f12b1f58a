/**
 * SPF (RFC 7208): {@link dev.missive.mailauth.spf.SpfChecker}'s {@code check_host()} with every mechanism and
 * modifier, macros and the processing limits, and the record grammar {@link dev.missive.mailauth.spf.SpfRecord}.
 */
package dev.missive.mailauth.spf;
