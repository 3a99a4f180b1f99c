/**
 * DeOldify's published generators (artistic; stable and video): their exact structure, the
 * recognition of a file's variant, loading it. See {@code docs/official-models.md}.
 */
package dev.colorize.model.official.deoldify;
