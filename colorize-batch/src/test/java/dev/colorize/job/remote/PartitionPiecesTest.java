package dev.colorize.job.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The pieces that make partitions add up to one JVM's run: ranges, names, the join. */
class PartitionPiecesTest {

  @TempDir Path dir;

  @Test
  void rangesAreContiguousNearlyEqualAndCoverEveryItem() {
    List<PartitionRange> ranges = ItemRangePartitioner.ranges(4, 10);
    assertEquals(List.of(new PartitionRange(0, 0, 2), new PartitionRange(1, 2, 5),
        new PartitionRange(2, 5, 7), new PartitionRange(3, 7, 10)), ranges);
  }

  @Test
  void fewerItemsThanPartitionsGiveOnePartitionPerItemAndAnEmptyInputOne() {
    Map<String, ExecutionContext> three = new ItemRangePartitioner(() -> 3).partition(64);
    assertEquals(List.of("partition0", "partition1", "partition2"),
        new ArrayList<>(three.keySet()));
    assertEquals(new PartitionRange(2, 2, 3), PartitionRange.in(three.get("partition2")));
    Map<String, ExecutionContext> none = new ItemRangePartitioner(() -> 0).partition(64);
    assertEquals(new PartitionRange(0, 0, 0), PartitionRange.in(none.get("partition0")));
  }

  @Test
  void aContextWithoutRangeIsNoPartition() {
    assertNull(PartitionRange.in(new ExecutionContext()));
    assertThrows(IllegalArgumentException.class, () -> new PartitionRange(0, 5, 4));
  }

  @Test
  void partitionFilesSitBesideThePartTheyBecome() {
    assertEquals(dir.resolve("scores-0-1.p7.csv"),
        PartitionBinding.partitionFile(dir.resolve("scores-0-1.csv"), 7));
  }

  @Test
  void theJoinKeepsOneHeaderAndEveryRowInPartitionOrderByteForByte() throws IOException {
    Path part = dir.resolve("prepared-0.csv");
    Files.writeString(PartitionBinding.partitionFile(part, 0), "id,path\na,\"x\ny\"\nb,2\n");
    Files.writeString(PartitionBinding.partitionFile(part, 1), "id,path\n");
    Files.writeString(PartitionBinding.partitionFile(part, 2), "id,path\nc,3\r\n");
    // A stale file of an earlier, finer split is not part of this one.
    Files.writeString(PartitionBinding.partitionFile(part, 3), "id,path\nstale,9\n");
    Files.writeString(part, "old content");

    PartitionJoin.join(part, List.of(0, 1, 2));

    assertEquals("id,path\na,\"x\ny\"\nb,2\nc,3\r\n", Files.readString(part));
  }

  @Test
  void aPartitionFileWithoutHeaderFailsTheJoin() throws IOException {
    Path part = dir.resolve("scores-0-0.csv");
    Files.writeString(PartitionBinding.partitionFile(part, 0), "");
    IOException e = assertThrows(IOException.class, () -> PartitionJoin.join(part, List.of(0)));
    assertEquals(PartitionBinding.partitionFile(part, 0) + " has no header line: its partition"
        + " never opened it", e.getMessage());
  }
}
