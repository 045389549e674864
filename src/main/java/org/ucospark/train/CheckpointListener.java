package org.ucospark.train;

/**
 * Checkpoints every {@code checkpoint_interval} epochs and at the last: the network with its
 * updater state and state.json (epoch, best epoch and loss, training seconds and images so far),
 * which a resume continues from.
 */
final class CheckpointListener implements TrainingListener {
  private final RunDirectory dir;
  private final int interval;
  private final BestModelListener best;

  /**
   * @param best the best-model listener, added before this one, whose epoch and loss the state
   *     records
   */
  CheckpointListener(RunDirectory dir, int interval, BestModelListener best) {
    this.dir = dir;
    this.interval = interval;
    this.best = best;
  }

  @Override
  public void epochEnded(EpochEnd end) {
    if (end.epoch() % interval == 0 || end.epoch() == end.epochs()) {
      dir.checkpoint(
          end.trainer().network(),
          new RunDirectory.State(
              end.epoch(), best.bestEpoch(), best.bestLoss(), end.trainSeconds(), end.images()));
    }
  }
}
