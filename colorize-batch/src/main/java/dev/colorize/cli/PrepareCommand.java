package dev.colorize.cli;

import dev.colorize.job.ColorizeJobs;
import org.springframework.batch.core.job.Job;
import picocli.CommandLine.Command;

/** {@code colorize prepare}: decode, crop and resize every dataset into the prepared-pair cache. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Prepare the datasets' (gray, colour) pairs into the cache.")
final class PrepareCommand extends JobCommand {
  @Override
  String goal() {
    return "prepare";
  }

  @Override
  boolean needsModels() {
    return false;
  }

  @Override
  Job job(ColorizeJobs jobs) {
    return jobs.prepareJob();
  }
}
