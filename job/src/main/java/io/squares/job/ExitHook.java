package io.squares.job;

import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clean-up for a JVM stopped while a command runs (Ctrl-C, SIGTERM from a scheduler or
 * {@code timeout}): run by Hadoop's {@link ShutdownHookManager} before its own hook closes the
 * cached filesystems, so the clean-up can still use them. Closing this object when the command
 * ends normally removes the hook.
 */
public final class ExitHook implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitHook.class);
  /** Ahead of {@link FileSystem#SHUTDOWN_HOOK_PRIORITY}: higher runs first. */
  static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;
  /** Longest a clean-up may take before the JVM exits anyway. */
  static final long TIMEOUT_SECONDS = 20;

  private final Runnable hook;

  private ExitHook(Runnable hook) {
    this.hook = hook;
  }

  /**
   * @param what what is cleaned up, for the log
   * @param cleanup runs once if the JVM is stopped before {@link #close()}
   * @return the registered hook
   */
  public static ExitHook register(String what, Runnable cleanup) {
    Runnable hook = () -> {
      LOG.warn("stopped: {}", what);
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        LOG.warn("clean-up after stop failed: {}", e.toString());
      }
    };
    ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return new ExitHook(hook);
  }

  /** Removes the hook (the command ended by itself); harmless once shutdown has begun. */
  @Override
  public void close() {
    try {
      ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs or ran
    }
  }
}
