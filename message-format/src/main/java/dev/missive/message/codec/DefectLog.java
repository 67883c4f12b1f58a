package dev.missive.message.codec;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/** Defects of one decoder, each kind recorded once so that garbage input cannot grow memory. */
final class DefectLog {

  private final List<Defect> defects = new ArrayList<>(2);
  private final EnumSet<DefectKind> seen = EnumSet.noneOf(DefectKind.class);

  void report(DefectKind kind, String detail) {
    if (seen.add(kind)) {
      defects.add(new Defect(kind, detail));
    }
  }

  List<Defect> list() {
    return Collections.unmodifiableList(defects);
  }
}
