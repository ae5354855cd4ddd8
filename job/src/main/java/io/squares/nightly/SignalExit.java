package io.squares.nightly;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Makes SIGINT and SIGTERM end the JVM with one exit code (130, as {@code bin/nightly} always
 * documented for both), through an orderly shutdown: the shutdown hooks run (the pipeline's kill of
 * its job and removal of its temporary output, then the run's status), as they do for the JVM's own
 * handling of these signals, which would exit 143 on SIGTERM. A signal ignored when the JVM
 * started (e.g. SIGINT under {@code nohup} or {@code &}) stays ignored.
 */
final class SignalExit {
  private static final Logger LOG = LoggerFactory.getLogger(SignalExit.class);

  private SignalExit() {}

  /**
   * @param code the exit code on SIGINT or SIGTERM
   */
  static void install(int code) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        SignalHandler previous = Signal.handle(signal, s -> {
          // System.exit waits for the shutdown hooks: not on the signal dispatcher's thread.
          new Thread(() -> System.exit(code), "squares-nightly-exit").start();
        });
        if (previous == SignalHandler.SIG_IGN) { // ignored when we started (nohup, `&`): stays so
          Signal.handle(signal, SignalHandler.SIG_IGN);
        }
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot handle SIG{} (the JVM's own handling stays): {}", name, e.toString());
      }
    }
  }
}
