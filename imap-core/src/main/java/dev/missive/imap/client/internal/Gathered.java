package dev.missive.imap.client.internal;

import dev.missive.imap.IdParameter;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.response.UntaggedResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What one command gathered from the untagged responses that answer it (RFC 9051 §7): LIST and STATUS responses,
 * SEARCH numbers or the ESEARCH response, ENABLED, NAMESPACE, ID, and MOVE's COPYUID (RFC 6851 §4.3, sent in an
 * untagged OK). Bounded by the engine, which counts each response with {@link ClientCommand#collect()}.
 */
public final class Gathered {

  /** The LIST/LSUB responses. */
  public final List<UntaggedResponse.MailboxList> lists = new ArrayList<>();
  /** The STATUS responses. */
  public final List<UntaggedResponse.MailboxStatus> statuses = new ArrayList<>();
  /** The numbers of SEARCH responses. */
  public final List<Long> numbers = new ArrayList<>();
  /** The ENABLED capabilities. */
  public final List<String> enabled = new ArrayList<>();
  /** The ESEARCH response, or null. */
  public UntaggedResponse.ESearch esearch;
  /** The NAMESPACE response, or null. */
  public UntaggedResponse.Namespace namespace;
  /** The ID response's parameters, or null. */
  public List<IdParameter> id;
  /** The COPYUID of an untagged OK during MOVE, or null. */
  public ResponseCode.CopyUid copyUid;
}
