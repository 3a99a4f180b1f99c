/**
 * The colorize Maven goals ({@code prepare}, {@code evaluate}, {@code score}): adapters that read
 * the POM, validate it with colorize-batch's {@code RunPlanner}, write the run
 * configuration and fork a JVM running the colorize CLI
 * ({@link dev.colorize.maven.ForkConfiguration}, {@link dev.colorize.maven.ForkedRun}). No
 * image, model or native code runs in Maven's JVM.
 */
package dev.colorize.maven;
