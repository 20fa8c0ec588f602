package dev.rollouts.sdk.goplugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger writing hclog lines through {@link Hclog}. Key/value pairs of SLF4J's fluent API
 * and the MDC become hclog fields, so {@code log.atInfo().addKeyValue("rollout", name)} reaches
 * the controller's log as {@code rollout=name}.
 */
final class HclogSlf4jLogger extends AbstractLogger implements LoggingEventAware {
  private final String module;

  HclogSlf4jLogger(String name) {
    this.name = name;
    int dot = name.lastIndexOf('.');
    this.module = dot < 0 ? name : name.substring(dot + 1);
  }

  private static HclogLevel level(Level level) {
    return switch (level) {
      case TRACE -> HclogLevel.TRACE;
      case DEBUG -> HclogLevel.DEBUG;
      case INFO -> HclogLevel.INFO;
      case WARN -> HclogLevel.WARN;
      case ERROR -> HclogLevel.ERROR;
    };
  }

  private static boolean on(HclogLevel level) {
    return Hclog.writer().enabled(level);
  }

  @Override public boolean isTraceEnabled() { return on(HclogLevel.TRACE); }
  @Override public boolean isTraceEnabled(Marker marker) { return isTraceEnabled(); }
  @Override public boolean isDebugEnabled() { return on(HclogLevel.DEBUG); }
  @Override public boolean isDebugEnabled(Marker marker) { return isDebugEnabled(); }
  @Override public boolean isInfoEnabled() { return on(HclogLevel.INFO); }
  @Override public boolean isInfoEnabled(Marker marker) { return isInfoEnabled(); }
  @Override public boolean isWarnEnabled() { return on(HclogLevel.WARN); }
  @Override public boolean isWarnEnabled(Marker marker) { return isWarnEnabled(); }
  @Override public boolean isErrorEnabled() { return on(HclogLevel.ERROR); }
  @Override public boolean isErrorEnabled(Marker marker) { return isErrorEnabled(); }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
      Object[] arguments, Throwable throwable) {
    emit(level, pattern, arguments, throwable, List.of());
  }

  @Override
  public void log(LoggingEvent event) {
    emit(event.getLevel(), event.getMessage(),
        event.getArgumentArray(), event.getThrowable(),
        event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs());
  }

  private void emit(Level slf4jLevel, String pattern, Object[] arguments, Throwable throwable,
      List<KeyValuePair> pairs) {
    HclogLevel level = level(slf4jLevel);
    if (!on(level)) {
      return;
    }
    var formatted = MessageFormatter.basicArrayFormat(pattern, arguments);
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (mdc != null) {
      fields.putAll(mdc);
    }
    for (KeyValuePair pair : pairs) {
      fields.put(pair.key, pair.value);
    }
    Throwable error = throwable;
    if (error == null && arguments != null && arguments.length > 0
        && arguments[arguments.length - 1] instanceof Throwable t) {
      error = t;
    }
    Hclog.writer().log(level, module, formatted, fields, error);
  }
}
