package dev.missive.consumer;

import dev.missive.imap.SequenceSet;
import dev.missive.pop3.UniqueId;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.server.SmtpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleReader;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * Checks that the program runs the way it was asked to, and on the module path that each Missive module exports
 * exactly its non-{@code internal} packages and that an internal type cannot be used from outside.
 */
final class ModuleChecks {

  private static final List<String> LIBRARY = List.of("dev.missive.wire", "dev.missive.message",
      "dev.missive.sasl", "dev.missive.smtp", "dev.missive.pop3", "dev.missive.imap");

  private ModuleChecks() {
  }

  static void run(String mode) {
    SendOneMessage.check(classMissing("dev.missive.testkit.InMemoryPair"), "the testkit is not a runtime dependency");
    SendOneMessage.check(classMissing("org.junit.jupiter.api.Test"), "JUnit is not a runtime dependency");
    SendOneMessage.check(UniqueId.isValid("whqtswO00WBw418f9t5JxYwZ"), "pop3-core usable");
    SendOneMessage.check(SequenceSet.parse("2,4:7,9,12:*").contains(13, 15), "imap-core usable");
    if (mode.equals("class-path")) {
      SendOneMessage.check(!ModuleChecks.class.getModule().isNamed(), "consumer in the unnamed module");
      SendOneMessage.check(!SmtpServer.class.getModule().isNamed(), "smtp-core on the class path");
    } else if (mode.equals("module-path")) {
      modulePath();
    } else {
      throw new AssertionError("mode must be class-path or module-path, not '" + mode + "'");
    }
  }

  private static void modulePath() {
    SendOneMessage.check(ModuleChecks.class.getModule().getName().equals("dev.missive.consumer"),
        "consumer is the named module dev.missive.consumer");
    SendOneMessage.check(SaslServerMechanisms.class.getModule().getName().equals("dev.missive.sasl"),
        "sasl is read through smtp-core's requires transitive");
    for (String name : LIBRARY) {
      Optional<Module> found = ModuleLayer.boot().findModule(name);
      SendOneMessage.check(found.isPresent(), name + " resolved on the module path");
      Module module = found.get();
      SendOneMessage.check(!module.getDescriptor().isAutomatic(), name + " is an explicit module");
      for (String pkg : module.getPackages()) {
        boolean internal = pkg.endsWith(".internal") || pkg.contains(".internal.");
        SendOneMessage.check(module.isExported(pkg) != internal,
            name + (internal ? " must not export " : " must export ") + pkg);
      }
    }
    int probed = internalTypesChecked();
    SendOneMessage.check(probed > 0, "some internal package held a public class to probe");
    System.out.println("module path: " + probed + " public classes of internal packages refused to this module");
  }

  /**
   * For each internal package, tries to use one of its public classes from this module: loading is allowed, access
   * is not (JPMS strong encapsulation), so {@code Lookup.accessClass} must throw. Returns how many were probed.
   */
  private static int internalTypesChecked() {
    int probed = 0;
    for (String name : LIBRARY) {
      Module module = ModuleLayer.boot().findModule(name).orElseThrow();
      try (ModuleReader reader = ModuleLayer.boot().configuration().findModule(name).orElseThrow()
          .reference().open()) {
        for (String resource : (Iterable<String>) reader.list()::iterator) {
          String className = resource.endsWith(".class") ? resource.replace('/', '.').replace(".class", "") : "";
          int dot = className.lastIndexOf('.');
          if (dot < 0 || !module.getPackages().contains(className.substring(0, dot))
              || module.isExported(className.substring(0, dot)) || className.contains("$")) {
            continue;
          }
          Class<?> type = Class.forName(module, className);
          if (type != null && Modifier.isPublic(type.getModifiers())) {
            try {
              MethodHandles.lookup().accessClass(type);
              throw new AssertionError("consumer check failed: " + className + " is usable from outside " + name);
            } catch (IllegalAccessException expected) {
              probed++;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return probed;
  }

  private static boolean classMissing(String name) {
    try {
      Class.forName(name, false, ModuleChecks.class.getClassLoader());
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }
}
