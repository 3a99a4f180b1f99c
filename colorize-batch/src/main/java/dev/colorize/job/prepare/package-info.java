/**
 * The {@code prepare} goal ({@link dev.colorize.job.prepare.PrepareJob}): each dataset of a run
 * plan read, decoded, cropped and resized into the prepared-pair cache, one restartable chunk
 * step per dataset, with skipped files and dataset issues as committed parts. Evaluate and
 * finetune start with these steps.
 */
package dev.colorize.job.prepare;
