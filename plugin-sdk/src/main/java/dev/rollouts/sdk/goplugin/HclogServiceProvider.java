package dev.rollouts.sdk.goplugin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SDK's SLF4J binding: every SLF4J logger of a plugin process writes hclog lines to stderr,
 * the one channel go-plugin's host reads logs from. Registered through
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}.
 */
public final class HclogServiceProvider implements SLF4JServiceProvider {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory loggerFactory =
      name -> loggers.computeIfAbsent(name, HclogSlf4jLogger::new);
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

  @Override public ILoggerFactory getLoggerFactory() { return loggerFactory; }
  @Override public IMarkerFactory getMarkerFactory() { return markerFactory; }
  @Override public MDCAdapter getMDCAdapter() { return mdcAdapter; }
  @Override public String getRequestedApiVersion() { return "2.0.99"; }
  @Override public void initialize() {}
}
