package dev.missive.mailauth.arc;

import dev.missive.mailauth.arc.ArcSeal.ChainValidation;
import dev.missive.mailauth.results.MethodResult;
import java.util.List;
import java.util.Objects;

/**
 * The validation of a message's ARC chain (RFC 8617 §5.2): {@code none} without ARC sets, {@code pass} when the
 * newest ARC-Message-Signature and every ARC-Seal verify and the {@code cv=} values are right, else {@code fail}
 * with the reason. The sets are kept so a host can read earlier hops' ARC-Authentication-Results when deciding
 * whether to trust a forwarder (§7.2).
 *
 * @param status the chain validation status
 * @param reason why it failed, or a summary
 * @param sets   the sets read, by instance from 1 (empty when none, or when they did not make a chain)
 */
public record ArcResult(ChainValidation status, String reason, List<ArcSet> sets) {

  /**
   * Copies the list and requires the values.
   *
   * @param status the chain validation status
   * @param reason why
   * @param sets   the sets read
   */
  public ArcResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    sets = List.copyOf(sets);
  }

  /** {@return whether the chain validated} */
  public boolean isPass() {
    return status == ChainValidation.PASS;
  }

  /** {@return the number of sets, the highest instance} */
  public int instances() {
    return sets.size();
  }

  /**
   * This result as an Authentication-Results {@code resinfo} (RFC 8617 §10.1: method {@code arc}), with the number
   * of sets or the reason as a comment.
   *
   * @return the method result
   */
  public MethodResult toMethodResult() {
    MethodResult r = MethodResult.of("arc", status.keyword());
    return r.withComment(status == ChainValidation.FAIL ? reason : sets.isEmpty() ? "" : "i=" + sets.size());
  }
}
