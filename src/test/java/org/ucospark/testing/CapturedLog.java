package org.ucospark.testing;

import java.io.StringWriter;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * What one class logs through slf4j while this is open, as "LEVEL message" lines: the tests see the
 * log4j2 binding Spark ships (on the test classpath through spark-core), configured by
 * src/main/resources/log4j2.properties.
 */
public final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final WriterAppender appender;
  private final StringWriter text = new StringWriter();

  private CapturedLog(Logger logger, String pattern) {
    this.logger = logger;
    appender =
        WriterAppender.newBuilder()
            .setName("captured-" + UUID.randomUUID())
            .setTarget(text)
            .setLayout(PatternLayout.newBuilder().withPattern(pattern).build())
            .build();
    appender.start();
    logger.addAppender(appender);
  }

  /** Captures what {@code source}'s logger writes. */
  public static CapturedLog of(Class<?> source) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    return new CapturedLog(context.getLogger(source.getName()), "%p %m%n");
  }

  /**
   * Captures everything that reaches the root logger's appenders (the console), as "LEVEL logger:
   * message" lines with stack traces: what a user sees on stderr.
   */
  public static CapturedLog console() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    return new CapturedLog(context.getRootLogger(), "%p %c: %m%n");
  }

  public String text() {
    return text.toString();
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
