/**
 * The run plan: a run configuration resolved once, before anything runs, into validated,
 * immutable, typed objects ({@link dev.colorize.plan.RunPlan}) that jobs and steps read, and
 * that serialise to JSON so another JVM rebuilds the same plan. Also the run's file layout.
 */
package dev.colorize.plan;
