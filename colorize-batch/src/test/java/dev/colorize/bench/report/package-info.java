/** The HTML report's cost benchmark ({@code scripts/bench/run-report-cost.sh}). */
package dev.colorize.bench.report;
