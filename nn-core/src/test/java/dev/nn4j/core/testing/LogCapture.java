package dev.nn4j.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what a logger (and the loggers below it) logs while open, at a level of the test's choosing,
 * instead of printing it, and puts the logger back as it was when closed: {@code try (LogCapture logs =
 * LogCapture.of("dev.nn4j", Level.DEBUG)) {...}}.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final boolean additive;
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.previous = logger.getLevel();
    this.additive = logger.isAdditive();
    // Captured, not printed: the logger's own appenders and its ancestors' are set aside meanwhile.
    logger.iteratorForAppenders().forEachRemaining(detached::add);
    detached.forEach(logger::detachAppender);
    logger.setAdditive(false);
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * Starts collecting what the logger {@code name} logs at {@code level} and above.
   *
   * @param name the logger's name, such as {@code Logger.ROOT_LOGGER_NAME}
   * @param level the level to set while capturing
   * @return the capture, to close
   */
  public static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /**
   * What was logged so far, in order.
   *
   * @return the events
   */
  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /**
   * The formatted messages logged so far, in order.
   *
   * @return the messages
   */
  public List<String> messages() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(previous);
    logger.setAdditive(additive);
    detached.forEach(logger::addAppender);
  }
}
