package dev.missive.transport.tests;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (its own is a no-op), chosen for this module's tests with the {@code slf4j.provider}
 * system property (see the POM), so {@link SessionLifecycleTest} can check the session id the transports put there.
 * The log lines stay slf4j-simple's.
 */
public final class MdcRecordingProvider extends SimpleServiceProvider {

  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
