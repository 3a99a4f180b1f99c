/**
 * The run configuration: what the Maven goals read from the POM and hand to the forked CLI as
 * JSON, its validation (one sentence naming the POM element at fault) and its job identity.
 */
package dev.colorize.config;
