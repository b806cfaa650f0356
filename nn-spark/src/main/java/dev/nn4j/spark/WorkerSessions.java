package dev.nn4j.spark;

import dev.nn4j.core.Network;
import dev.nn4j.core.Optimizer;
import dev.nn4j.core.Trainer;
import dev.nn4j.core.io.ModelFormatException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training sessions of one executor JVM, kept between the tasks of a fit so that a network is rebuilt from
 * its bytes once per task thread, not once per step. A task takes a session, loads the step's weights into it
 * and gives it back; Spark runs several tasks at once in one JVM, so each task has a session of its own. The
 * sessions of the last few fits are kept; older ones are dropped.
 */
final class WorkerSessions {
  private static final int FITS_KEPT = 4;
  private static final Map<String, Deque<Trainer>> idle =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Trainer>> eldest) {
          return size() > FITS_KEPT;
        }
      };

  private WorkerSessions() {}

  /**
   * A session of the fit {@code key}: an idle one, or a new one over the network in {@code model}.
   *
   * @param key names the fit (and the kind of session)
   * @param model the model file's bytes: architecture, seed and weights
   * @param optimizer the update rule of local steps, or null for a session that only computes gradients
   */
  static Trainer take(String key, byte[] model, Optimizer optimizer) {
    synchronized (idle) {
      Deque<Trainer> sessions = idle.get(key);
      if (sessions != null && !sessions.isEmpty()) {
        return sessions.pop();
      }
    }
    try {
      return Trainer.of(Network.fromBytes(model), optimizer == null ? GradientsOnly.INSTANCE : optimizer);
    } catch (ModelFormatException e) {
      throw new IllegalStateException("The broadcast model could not be read on this executor: " + e.getMessage(), e);
    }
  }

  /** Gives a session back for the next task of the same fit. */
  static void give(String key, Trainer session) {
    synchronized (idle) {
      idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(session);
    }
  }

  /** The update rule of sessions that only compute gradients: the driver steps, never they. */
  private static final class GradientsOnly implements Optimizer {
    static final GradientsOnly INSTANCE = new GradientsOnly();

    @Override
    public String name() {
      return "gradients-only";
    }

    @Override
    public Updater start(Map<String, dev.nn4j.core.Parameter> parameters) {
      throw new UnsupportedOperationException("An executor's session computes gradients; the driver takes the steps");
    }
  }
}
