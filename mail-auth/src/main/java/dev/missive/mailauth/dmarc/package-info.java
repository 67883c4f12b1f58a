/**
 * DMARC (RFC 7489): policy records and their discovery with the Organizational Domain from the Public Suffix List,
 * identifier alignment of DKIM and SPF with the RFC 5322.From domain, the policy result with {@code pct=} sampling,
 * and aggregate-report records with their XML (§7.2, Appendix C).
 */
package dev.missive.mailauth.dmarc;
