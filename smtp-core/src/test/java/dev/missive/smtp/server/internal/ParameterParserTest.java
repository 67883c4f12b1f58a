package dev.missive.smtp.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.MailParameters;
import dev.missive.smtp.SmtpExtension;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How MAIL and RCPT parameters are split (RFC 5321 §4.1.2 {@code Mail-parameters}: {@code esmtp-param *(SP
 * esmtp-param)}): the text is taken without leading and trailing spaces and controls, items are separated by one or
 * more spaces, and a control inside an item stays part of it.
 */
class ParameterParserTest {

  private static final Set<SmtpExtension> OFFERED = EnumSet.of(SmtpExtension.SIZE, SmtpExtension.EIGHT_BIT_MIME);

  private static Parsed<MailParameters> mail(String text) {
    return ParameterParser.mail(text, OFFERED, 1 << 20);
  }

  @Test
  void itemsAreSeparatedBySpacesAndTheEndsTrimmed() {
    assertThat(mail("").value()).isEqualTo(MailParameters.NONE);
    assertThat(mail(" \t ").value()).isEqualTo(MailParameters.NONE);
    assertThat(mail(" SIZE=1024").value().size()).isEqualTo(OptionalLong.of(1024));
    assertThat(mail("  size=1024   BODY=8BITMIME \t").value().size()).isEqualTo(OptionalLong.of(1024));
    assertThat(mail("\tSIZE=7\r").value().size()).isEqualTo(OptionalLong.of(7));
    assertThat(mail(" SIZE=1024 SIZE=1024").value().size()).isEqualTo(OptionalLong.of(1024));
  }

  @Test
  void aControlInsideAnItemStaysInIt() {
    assertThat(mail(" SIZE=1\t SIZE=1").failed()).isTrue(); // the value "1\t" is no number
    assertThat(mail(" SIZE=1024 SIZE=2048").failed()).isTrue(); // repeated with another value
    assertThat(mail(" SIZE").failed()).isTrue();
    assertThat(mail(" SIZE=").failed()).isTrue();
    assertThat(mail(" =1").failed()).isTrue();
  }
}
