package dev.missive.mailauth.arc;

import static dev.missive.mailauth.arc.ArcTest.bytes;
import static dev.missive.mailauth.arc.ArcTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.mailauth.arc.ArcSeal.ChainValidation;
import dev.missive.mailauth.dkim.Dkimpy;
import dev.missive.mailauth.dkim.TestKeys;
import dev.missive.testkit.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARC interop with Python's dkimpy (Debian python3-dkim, sealing with python3-authres): chains Missive seals
 * validated by dkimpy, chains dkimpy seals validated by Missive, and chains whose hops alternate (RFC 8617 §5).
 */
class ArcDkimpyInteropTest {

  @Test
  void chainsValidateBothWays(@TempDir Path tmp) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3-dkim and python3-authres",
        Dkimpy.canImport("dkim, authres")), "skipped: Debian's python3 with python3-dkim and python3-authres "
        + "is not installed");
    String pem = Dkimpy.pem(TestKeys.RSA.getPrivate().getEncoded());
    byte[] plain = bytes(ArcTest.MESSAGE);

    // Missive seals: one hop, two hops, and two hops with a rewrite between them
    byte[] one = ArcTest.seal(plain, ArcTest.LIST_KEY, "lists.example.org");
    byte[] two = ArcTest.seal(one, ArcTest.LIST_KEY, "second.example");
    byte[] tampered = bytes(text(two).replace("We lost", "We won"));
    List<String> verify = new ArrayList<>();
    for (byte[] m : List.of(one, two, tampered)) {
      Path p = tmp.resolve("missive-" + verify.size() + ".eml");
      Files.write(p, m);
      verify.add(p.toString());
    }

    // dkimpy seals: the first hop of a plain message, and the second hop of Missive's one-hop chain; it reads
    // its own Authentication-Results field (with the arc result it found) into the new set
    Path pyIn1 = tmp.resolve("py-in-1.eml");
    Files.write(pyIn1, bytes("Authentication-Results: py.example; spf=pass smtp.mailfrom=joe@example.com\r\n"
        + ArcTest.MESSAGE));
    Path pyIn2 = tmp.resolve("py-in-2.eml");
    Files.write(pyIn2, bytes("Authentication-Results: py.example; arc=pass\r\n" + text(one)));
    List<Object> seal = new ArrayList<>();
    for (Path in : List.of(pyIn1, pyIn2)) {
      Map<String, String> item = new LinkedHashMap<>();
      item.put("path", in.toString());
      item.put("selector", "rsa");
      item.put("domain", "lists.example.org");
      item.put("key", pem);
      item.put("srv_id", "py.example");
      item.put("out", in.toString().replace("-in-", "-out-"));
      seal.add(item);
    }
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("keys", Map.of("rsa._domainkey.lists.example.org", String.join("", TestKeys.record(TestKeys.RSA, ""))));
    job.put("verify", verify);
    job.put("seal", seal);
    String output = Dkimpy.run(ArcDkimpyInteropTest.class, "arc_driver.py", job, tmp);

    assertThat(output).as(output).contains("verify " + verify.get(0) + " pass")
        .contains("verify " + verify.get(1) + " pass").contains("verify " + verify.get(2) + " fail")
        .contains("seal " + pyIn1 + " ok").contains("seal " + pyIn2 + " ok");
    ArcResult pyOne = ArcTest.verify(Files.readAllBytes(Path.of(pyIn1.toString().replace("-in-", "-out-"))));
    assertThat(pyOne.status()).as(pyOne.reason()).isEqualTo(ChainValidation.PASS);
    ArcResult pyTwo = ArcTest.verify(Files.readAllBytes(Path.of(pyIn2.toString().replace("-in-", "-out-"))));
    assertThat(pyTwo.status()).as(pyTwo.reason()).isEqualTo(ChainValidation.PASS);
    assertThat(pyTwo.instances()).isEqualTo(2);

    // and Missive extends dkimpy's chain, which dkimpy validates again
    byte[] three = ArcTest.seal(Files.readAllBytes(Path.of(pyIn2.toString().replace("-in-", "-out-"))),
        ArcTest.LIST_KEY, "third.example");
    assertThat(ArcTest.verify(three).instances()).isEqualTo(3);
    Path p3 = tmp.resolve("three.eml");
    Files.write(p3, three);
    Map<String, Object> again = new LinkedHashMap<>(job);
    again.put("verify", List.of(p3.toString()));
    again.put("seal", List.of());
    Path tmp2 = Files.createDirectories(tmp.resolve("again"));
    assertThat(Dkimpy.run(ArcDkimpyInteropTest.class, "arc_driver.py", again, tmp2))
        .contains("verify " + p3 + " pass");
  }
}
