package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Schedule;

/**
 * What happens between epochs besides fitting: the model family's {@link Schedule} (DDC and OHC:
 * none; the DEC family: pre-training, k-means, target updates, docs/PROTOCOL.md), given a trainer,
 * the run directory and the run log as its {@link Schedule.Stage}.
 */
interface TrainingSchedule {
  static TrainingSchedule of(ModelParams params, RunDirectory dir, RunLog log) {
    Schedule schedule = ModelFamilies.of(params.variant()).schedule(params);
    return new TrainingSchedule() {
      @Override
      public void beforeEpoch(int epoch, Trainer trainer) {
        schedule.beforeEpoch(epoch, stage(trainer, dir, log));
      }

      @Override
      public void resumed(int epoch, Trainer trainer) {
        schedule.resumed(epoch, stage(trainer, dir, log));
      }

      @Override
      public boolean evaluates(int epoch) {
        return schedule.evaluates(epoch);
      }
    };
  }

  /** Called before epoch {@code epoch} (1-based) is fitted. */
  void beforeEpoch(int epoch, Trainer trainer);

  /** Called once when a run resumes after the checkpoint of {@code epoch}. */
  void resumed(int epoch, Trainer trainer);

  /** Whether the network of epoch {@code epoch} can be evaluated (assigns clusters). */
  boolean evaluates(int epoch);

  private static Schedule.Stage stage(Trainer trainer, RunDirectory dir, RunLog log) {
    return new Schedule.Stage() {
      @Override
      public ComputationGraph network() {
        return trainer.network();
      }

      @Override
      public void setNetwork(ComputationGraph network) {
        trainer.setNetwork(network);
      }

      @Override
      public INDArray activations(String layer) {
        return trainer.activations(trainer.network(), layer);
      }

      @Override
      public int[] labels() {
        return trainer.labels();
      }

      @Override
      public void updateTargets(int epoch, INDArray p) {
        TargetRows rows = TargetRows.of(p);
        dir.saveTargets(epoch, rows);
        trainer.setTargets(rows);
      }

      @Override
      public void restoreTargets(int epoch) {
        trainer.setTargets(dir.loadTargets(epoch));
      }

      @Override
      public void writeKMeans(ObjectNode record) {
        dir.writeKMeans(record);
      }

      @Override
      public void info(Logger logger, String message) {
        log.info(logger, message);
      }
    };
  }
}
