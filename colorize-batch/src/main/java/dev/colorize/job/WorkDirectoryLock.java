package dev.colorize.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive, OS-level lock on a work directory, held for the whole run. A second run on the
 * same directory refuses to start instead of sharing the job repository and output files. The OS
 * releases the lock when the holder dies, even by {@code kill -9}, which is what makes "a
 * STARTED execution while we hold the lock" proof that its JVM is dead.
 */
public final class WorkDirectoryLock implements AutoCloseable {

  /** Lock file name inside the work directory. */
  public static final String FILE_NAME = ".colorize.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, or fails at once.
   *
   * @throws WorkDirectoryBusyException when another process (or this one) holds it
   */
  public static WorkDirectoryLock acquire(Path workDirectory) {
    Path file = workDirectory.resolve(FILE_NAME);
    try {
      Files.createDirectories(workDirectory);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        throw new WorkDirectoryBusyException(workDirectory, holder);
      }
      byte[] holder = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now())
          .getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder), 0);
      channel.force(false);
      return new WorkDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock work directory " + workDirectory, e);
    }
  }

  private static String readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(200);
    int n = channel.read(buffer, 0);
    return n <= 0 ? "unknown process" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another run holds the work directory. */
  public static final class WorkDirectoryBusyException extends RuntimeException {
    WorkDirectoryBusyException(Path workDirectory, String holder) {
      super("another colorize run (" + holder.strip() + ") is using the work directory "
          + workDirectory + "; wait for it to finish or use another workDirectory");
    }
  }
}
