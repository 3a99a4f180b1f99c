/**
 * The run configuration: what the Maven goals read from the POM and hand to the forked CLI as
 * JSON, and its job identity. It is plain data: {@code dev.colorize.plan.RunPlanner} checks it
 * (one sentence naming the POM element at fault) and resolves it into a run plan.
 */
package dev.colorize.config;
