package dev.missive.message;

import java.util.Objects;

/**
 * One irregularity found in damaged input, recorded on the part where it was found instead of thrown.
 *
 * @param kind   what went wrong
 * @param detail a short human-readable explanation (never contains secrets; may quote a bounded excerpt)
 */
public record Defect(DefectKind kind, String detail) {

  /**
   * Validates that both values are present.
   *
   * @param kind   what went wrong
   * @param detail a short human-readable explanation (never contains secrets; may quote a bounded excerpt)
   */
  public Defect {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return kind + ": " + detail;
  }
}
