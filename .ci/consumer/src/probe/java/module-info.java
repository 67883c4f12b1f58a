/** Must not compile: reads dev.missive.smtp, which does not export its internal package. */
module dev.missive.consumer.probe {
  requires dev.missive.smtp;
}
