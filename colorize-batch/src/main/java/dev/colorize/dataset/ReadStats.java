package dev.colorize.dataset;

/**
 * Counters of one read, for logs and for checking that a limited read stopped early.
 *
 * @param directoriesListed folders whose entries were listed
 * @param entriesExamined folder entries (files, folders, links) looked at after name filtering
 * @param candidates images (or manifest rows) considered before split and limits
 * @param samples samples returned
 * @param issues issues reported to the listener
 */
public record ReadStats(
    long directoriesListed, long entriesExamined, long candidates, long samples, long issues) {}
