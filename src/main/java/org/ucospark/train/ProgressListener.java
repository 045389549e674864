package org.ucospark.train;

/**
 * Progress lines for people: one per epoch (loss, the evaluation when there is one, images per
 * second, ETA) and, at the end, the table of the final and best evaluations and where summary.json
 * is.
 */
final class ProgressListener implements TrainingListener {
  private final RunLog log;
  private final RunSettings settings;
  private final RunDirectory dir;

  ProgressListener(RunLog log, RunSettings settings, RunDirectory dir) {
    this.log = log;
    this.settings = settings;
    this.dir = dir;
  }

  @Override
  public void epochEnded(EpochEnd end) {
    double eta = (end.epochs() - end.epoch()) * end.trainSeconds() / end.epoch();
    log.progress(
        MetricRow.progress(
            end.epoch(), end.epochs(), end.trainLoss(), end.eval(), end.imagesPerSecond(), eta));
  }

  @Override
  public void runEnded(RunOutcome o) {
    log.progress(Summaries.table(settings, o.result()).stripTrailing());
    log.progress("summary: " + dir.path("summary.json"));
  }
}
