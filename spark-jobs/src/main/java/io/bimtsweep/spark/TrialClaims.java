package io.bimtsweep.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Leases on trials, so that two runs of one sweep into one folder (two terminals, a rerun while a
 * cluster run is still going) share the work instead of each running every trial. Before a trial
 * runs, its task creates {@code SWEEP/_claims/TRIAL_ID} (atomically: O_EXCL on a local disk,
 * the NameNode on HDFS); while the trial runs a heartbeat renews the file's modification time;
 * after the commit the claim is deleted. A run that finds a live claim skips the trial: the
 * holder commits it.
 *
 * <p>A claim dies with its holder: released on a normal exit or Ctrl-C (a shutdown hook), taken
 * over at once when it names a process of this host that no longer exists (kill -9) or comes from
 * this same run (Spark retries a task only when its attempt was lost with its executor), and
 * otherwise taken over once its heartbeat is older than the expiry (a lost machine of another run). Results stay
 * exactly once whatever happens, since a trial's file name is its id; the worst a race can do is
 * run a trial twice. On object stores without an atomic create-if-absent (S3), claims are best
 * effort.
 */
public final class TrialClaims implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Default expiry: six missed heartbeats, and well above the clock skew of a synchronised cluster. */
  public static final long DEFAULT_EXPIRY_MILLIS = 60_000;
  /** How long a claim file may stay without its holder's lines before it counts as abandoned. */
  static final long INCOMPLETE_GRACE_MILLIS = 2_000;

  private final String dir;
  private final String runId;
  private final long expiryMillis;
  private final long heartbeatMillis;

  /**
   * @param sweepDir the sweep's folder ({@link TrialStore#sweepDir()})
   * @param runId this run, written into its claims
   * @param expiryMillis a claim whose heartbeat is older than this is stale; heartbeats come six times as often
   */
  public TrialClaims(String sweepDir, String runId, long expiryMillis) {
    if (expiryMillis < 60) {
      throw new IllegalArgumentException("a claim's expiry must be at least 60 ms, got " + expiryMillis);
    }
    this.dir = new Path(sweepDir, "_claims").toString();
    this.runId = runId;
    this.expiryMillis = expiryMillis;
    this.heartbeatMillis = expiryMillis / 6;
  }

  public static String newRunId() {
    return UUID.randomUUID().toString();
  }

  public long expiryMillis() {
    return expiryMillis;
  }

  Path path(String trialId) {
    return new Path(dir, trialId);
  }

  /** A held claim: renewed until closed; closing releases it. */
  public static final class Claim implements AutoCloseable {
    private final Path path;
    private final FileSystem fs;
    private final ScheduledFuture<?> heartbeat;
    private final String nonce;

    private Claim(Path path, FileSystem fs, ScheduledFuture<?> heartbeat, String nonce) {
      this.path = path;
      this.fs = fs;
      this.heartbeat = heartbeat;
      this.nonce = nonce;
    }

    @Override
    public void close() {
      heartbeat.cancel(false);
      HELD.remove(path);
      try {
        // only if still ours: a retried attempt of this run may have taken it over
        String[] holder;
        try (var in = fs.open(path)) {
          holder = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        }
        if (holder.length >= 4 && holder[3].equals(nonce)) {
          fs.delete(path, false);
        }
      } catch (IOException | RuntimeException e) {
        // gone already, or an undeleted claim that expires by itself
      }
    }
  }

  /**
   * Claims the trial for this run, or returns null when another live run holds it.
   *
   * @throws IOException when the claims folder cannot be written (the caller treats it as storage trouble)
   */
  public Claim tryClaim(String trialId, Configuration conf) throws IOException {
    Path p = path(trialId);
    FileSystem fs = TrialStore.fs(p, conf);
    fs.mkdirs(p.getParent());
    String nonce = UUID.randomUUID().toString();
    if (!create(fs, p, nonce) && !(takeOverIfStale(fs, p) && create(fs, p, nonce))) {
      return null;
    }
    HELD.put(p, fs);
    ScheduledFuture<?> beat = HEARTBEATS.scheduleWithFixedDelay(() -> renew(fs, p, nonce), heartbeatMillis, heartbeatMillis,
        TimeUnit.MILLISECONDS);
    return new Claim(p, fs, beat, nonce);
  }

  /** Creates the claim file if absent, atomically; false if it exists. It says: run, host, process, claim. */
  private boolean create(FileSystem fs, Path p, String nonce) throws IOException {
    byte[] text = claimText(nonce);
    if (fs instanceof RawLocalFileSystem local) {
      // Hadoop's local create(overwrite=false) checks, then opens: not atomic; CREATE_NEW is O_EXCL
      java.nio.file.Path file = local.pathToFile(p).toPath();
      for (int attempt = 0; ; attempt++) {
        try {
          java.nio.file.Files.write(file, text, java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE);
          return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          return false;
        } catch (java.nio.file.NoSuchFileException e) {
          if (attempt > 0) {
            throw e;
          }
          // another run finished and removed the empty claims folder just now
          java.nio.file.Files.createDirectories(file.getParent());
        }
      }
    }
    if (CreateIfAbsent.objectStore(fs)) {
      try (var out = CreateIfAbsent.create(fs, p)) { // create(overwrite=false) only looks first there
        out.write(text);
        return true;
      } catch (IOException e) {
        CreateIfAbsent.rethrowUnlessTaken(fs, p, e);
        return false;
      }
    }
    try (var out = fs.create(p, false)) {
      out.write(text);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(p)) {
        return false; // HDFS reports a lost create race as AlreadyBeingCreated or similar
      }
      throw e;
    }
  }

  /** Removes the claim if its holder is gone; true if this call removed it (then it may be created anew). */
  private boolean takeOverIfStale(FileSystem fs, Path p) throws IOException {
    FileStatus st;
    String[] holder;
    try {
      st = fs.getFileStatus(p);
      try (var in = fs.open(p)) {
        holder = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      }
    } catch (java.io.FileNotFoundException e) {
      return true; // released meanwhile
    }
    // a claim without its holder's three lines is being written, or its writer was killed between
    // creating the file and writing it (kill -9): give a writer a moment, then it is abandoned
    if (holder.length < 3 || !isLong(holder[2])) {
      long age = System.currentTimeMillis() - st.getModificationTime();
      if (age < INCOMPLETE_GRACE_MILLIS) {
        try {
          Thread.sleep(INCOMPLETE_GRACE_MILLIS - age + 10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        return takeOverIfStale(fs, p);
      }
      return moveAside(fs, p);
    }
    // this run's own claim: Spark retries a task only after its attempt was lost (a killed executor)
    boolean ours = holder.length >= 1 && holder[0].equals(runId);
    // a zombie (its parent killed too, and nobody reaping it) still has a handle: ask whether it is alive
    boolean deadHere = holder.length >= 3 && holder[1].equals(HOST) && isLong(holder[2])
        && !ProcessHandle.of(Long.parseLong(holder[2])).map(ProcessHandle::isAlive).orElse(false);
    boolean expired = System.currentTimeMillis() - st.getModificationTime() > expiryMillis;
    if (!ours && !deadHere && !expired) {
      return false;
    }
    return moveAside(fs, p);
  }

  /** Removes a stale claim; true if this call removed it. */
  private static boolean moveAside(FileSystem fs, Path p) throws IOException {
    // rename, not delete: of two runs taking over at once only one moves the file
    Path aside = new Path(p.getParent(), "." + p.getName() + ".stale-" + UUID.randomUUID());
    boolean moved;
    if (fs instanceof RawLocalFileSystem local) {
      try {
        java.nio.file.Files.move(local.pathToFile(p).toPath(), local.pathToFile(aside).toPath(),
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      } catch (java.nio.file.NoSuchFileException e) {
        moved = false;
      }
    } else {
      moved = fs.rename(p, aside);
    }
    if (moved) {
      fs.delete(aside, false);
    }
    return moved;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private byte[] claimText(String nonce) {
    return (runId + "\n" + HOST + "\n" + ProcessHandle.current().pid() + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private void renew(FileSystem fs, Path p, String nonce) {
    try {
      if (CreateIfAbsent.objectStore(fs)) {
        // an object's time cannot be set: put the claim again, if it is still ours (a claim taken
        // over in the moment between the read and the put is renewed once more: advisory, as claims are)
        byte[] text = claimText(nonce);
        byte[] now;
        try (var in = fs.open(p)) {
          now = in.readAllBytes();
        }
        if (java.util.Arrays.equals(now, text)) {
          try (var out = fs.create(p, true)) {
            out.write(text);
          }
        }
        return;
      }
      fs.setTimes(p, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      // a missed heartbeat: the next one, or the expiry's margin, covers it
    }
  }

  private static final String HOST = hostName();
  private static final Map<Path, FileSystem> HELD = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bimt-claim-heartbeat");
    t.setDaemon(true);
    return t;
  });

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach((p, fs) -> {
      try {
        fs.delete(p, false);
      } catch (IOException | RuntimeException e) {
        // expires by itself
      }
    }), "bimt-claims-release"));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
