/**
 * The {@code evaluate} goal ({@link dev.colorize.job.evaluate.EvaluateJob}): the prepare steps,
 * then per dataset x model a chunk step that colorizes the prepared pairs and scores every image
 * (and accumulates FID statistics), then the report step that assembles the CSVs.
 */
package dev.colorize.job.evaluate;
