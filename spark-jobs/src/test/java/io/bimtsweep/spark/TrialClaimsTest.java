package io.bimtsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims on trials: exclusive while held, shared out exactly once in a race, and taken over when their holder is gone. */
class TrialClaimsTest {
  private final Configuration conf = new Configuration();

  private static TrialClaims claims(Path sweepDir, long expiryMillis) {
    return new TrialClaims(sweepDir.toUri().toString(), TrialClaims.newRunId(), expiryMillis);
  }

  @Test
  void aHeldClaimExcludesOtherRunsUntilReleased(@TempDir Path dir) throws Exception {
    TrialClaims a = claims(dir, 60_000);
    TrialClaims b = claims(dir, 60_000);
    TrialClaims.Claim held = a.tryClaim("t1", conf);
    assertNotNull(held);
    assertNull(b.tryClaim("t1", conf), "a live claim of another run is respected");
    // its own run takes it over: Spark retries a task only when the attempt holding it was lost
    TrialClaims.Claim retried = a.tryClaim("t1", conf);
    assertNotNull(retried);
    held.close();
    assertTrue(Files.exists(dir.resolve("_claims").resolve("t1")), "the lost attempt's close leaves the retry's claim");
    held = retried;
    try (TrialClaims.Claim other = b.tryClaim("t2", conf)) {
      assertNotNull(other, "other trials are free");
    }
    held.close();
    assertTrue(Files.notExists(dir.resolve("_claims").resolve("t1")), "released on close");
    try (TrialClaims.Claim again = b.tryClaim("t1", conf)) {
      assertNotNull(again);
    }
  }

  /** Eight runs race for the same 150 trials at the same instant: every trial is won exactly once. */
  @Test
  void racingRunsWinEachTrialExactlyOnce(@TempDir Path dir) throws Exception {
    int runs = 8;
    int trials = 150;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentHashMap<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    List<TrialClaims.Claim> held = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      TrialClaims c = claims(dir, 60_000);
      done.add(pool.submit(() -> {
        go.await();
        for (int t = 0; t < trials; t++) {
          TrialClaims.Claim claim = c.tryClaim("trial" + t, conf);
          if (claim != null) {
            wins.computeIfAbsent("trial" + t, k -> new AtomicInteger()).incrementAndGet();
            held.add(claim);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertEquals(trials, wins.size());
    wins.forEach((t, n) -> assertEquals(1, n.get(), t + " won by " + n.get() + " runs"));
    held.forEach(TrialClaims.Claim::close);
  }

  @Test
  void theHeartbeatKeepsAClaimAliveBeyondTheExpiry(@TempDir Path dir) throws Exception {
    TrialClaims a = claims(dir, 300);
    try (TrialClaims.Claim held = a.tryClaim("t", conf)) {
      assertNotNull(held);
      Thread.sleep(900);
      assertNull(claims(dir, 300).tryClaim("t", conf), "renewed every 50 ms, so never stale");
    }
  }

  @Test
  void aClaimWhoseHeartbeatStoppedIsTakenOverAfterTheExpiry(@TempDir Path dir) throws Exception {
    Path claim = dir.resolve("_claims").resolve("t");
    Files.createDirectories(claim.getParent());
    // a run on another host that died: its claim names that host
    Files.writeString(claim, "run-x\nsome-other-host\n12345\n", StandardCharsets.UTF_8);
    assertNull(claims(dir, 60_000).tryClaim("t", conf), "fresh: respected");
    Files.setLastModifiedTime(claim, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
    try (TrialClaims.Claim taken = claims(dir, 60_000).tryClaim("t", conf)) {
      assertNotNull(taken, "two minutes without a heartbeat, with a one-minute expiry: stale");
      assertTrue(Files.readString(claim).split("\n")[2].equals(Long.toString(ProcessHandle.current().pid())),
          "the new claim is this process's");
    }
  }

  /** kill -9 of a run on this machine: its claims name a process that no longer exists, and are taken over at once. */
  @Test
  void aClaimOfAProcessOfThisHostThatIsGoneIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long deadPid = p.pid();
    Path claim = dir.resolve("_claims").resolve("t");
    Files.createDirectories(claim.getParent());
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(claim, "run-x\n" + host + "\n" + deadPid + "\n", StandardCharsets.UTF_8);
    try (TrialClaims.Claim taken = claims(dir, 60_000).tryClaim("t", conf)) {
      assertNotNull(taken);
    }
    Files.writeString(claim, "run-x\n" + host + "\n" + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    assertNull(claims(dir, 60_000).tryClaim("t", conf), "a live process of this host keeps its claim");
  }

  /** kill -9 between creating a claim and writing it leaves an empty file: abandoned after a short grace. */
  @Test
  void anEmptyClaimIsTakenOverOnceItsWriterCouldNotBeWritingIt(@TempDir Path dir) throws Exception {
    Path claim = dir.resolve("_claims").resolve("t");
    Files.createDirectories(claim.getParent());
    Files.writeString(claim, "", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(claim, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
    try (TrialClaims.Claim taken = claims(dir, 60_000).tryClaim("t", conf)) {
      assertNotNull(taken, "empty for 10 s: its writer is gone");
    }
    // a fresh empty claim is waited for: here its writer fills it in time, so it is respected
    Files.writeString(claim, "", StandardCharsets.UTF_8);
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(300);
        Files.writeString(claim, "run-x\nsome-other-host\n12345\n", StandardCharsets.UTF_8);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    assertNull(claims(dir, 60_000).tryClaim("t", conf), "its writer finished within the grace: a live claim");
    writer.join();
  }
}
