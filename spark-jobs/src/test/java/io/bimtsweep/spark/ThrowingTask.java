package io.bimtsweep.spark;

import io.bimtsweep.core.task.Task;
import io.bimtsweep.core.task.TaskData;
import io.bimtsweep.core.task.Tasks;
import java.util.Map;

/**
 * A test plugin task: the independence data on the driver (so the sweep validates), an exception
 * inside a Spark task (so the trial really throws in the worker).
 */
public final class ThrowingTask implements Task {
  @Override public String name() { return "throws_in_worker"; }
  @Override public String description() { return "test task that throws inside Spark tasks"; }
  @Override public Map<String, String> options() { return Map.of(); }

  @Override
  public TaskData generate(Map<String, Object> options, long dataSeed) {
    if (org.apache.spark.TaskContext.get() != null) {
      throw new IllegalStateException("boom: this task always throws in a worker");
    }
    return Tasks.get("independence").generate(Map.of(), dataSeed);
  }
}
