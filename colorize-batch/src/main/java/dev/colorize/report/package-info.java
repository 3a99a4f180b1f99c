/**
 * Report writing: CSV files (Apache Commons CSV, UTF-8), number spelling, and one-pass summary
 * statistics that never hold per-image scores in memory.
 */
package dev.colorize.report;
