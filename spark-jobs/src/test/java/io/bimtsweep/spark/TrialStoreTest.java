package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.run.TrialExecutor;
import io.bimtsweep.core.io.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exactly-once primitive: however many attempts commit one trial at once, one row remains. */
class TrialStoreTest {

  @Test
  void concurrentAttemptsOfOneTrialLeaveExactlyOneCompleteRow(@TempDir Path dir) throws Exception {
    TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("steps", 50, "swap_interval", 25)), "race");
    TrialStore store = new TrialStore(TrialStore.normalise(dir.toString()), "race");
    int attempts = 8; // a task, its retries and speculative copies, all finishing together
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> done = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      done.add(pool.submit(() -> {
        go.await();
        return store.commit(r, new Configuration());
      }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : done) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertTrue(won >= 1, "at least one attempt commits");
    assertEquals(java.util.Set.of(r.trialId()), store.committed(new Configuration()));
    store.cleanTemporary(new Configuration(), 0);
    try (var files = Files.walk(dir)) {
      assertEquals(1, files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".parquet")).count());
    }
    List<Row> rows = SharedSpark.get().read().parquet(dir.toString()).select("trial_id", "test_loss").collectAsList();
    assertEquals(1, rows.size());
    assertEquals(r.trialId(), rows.get(0).getString(0));
    assertEquals((Double) r.get("test_loss"), rows.get(0).getDouble(1), 0);
  }

  @Test
  void aCommittedTrialIsNotOverwrittenByALaterAttempt(@TempDir Path dir) {
    TrialRecord r = new TrialExecutor().execute(Presets.config("independence", Map.of("steps", 50, "swap_interval", 25)), "again");
    TrialStore store = new TrialStore(TrialStore.normalise(dir.toString()), "again");
    assertTrue(store.commit(r, new Configuration()));
    assertTrue(!store.commit(r, new Configuration()), "the second attempt finds the row committed");
    assertEquals(1, store.committed(new Configuration()).size());
  }
}
