package dev.colorize.report.html;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What every report page shares on disk: the jte templates (compiled at build time, HTML output
 * escaping every value), the one style sheet and script, and writing {@code index.html} through a
 * temporary file so a reader never sees half a page.
 */
final class HtmlPages {

  /** The templates jte-maven-plugin compiled at build time (HTML output escapes every value). */
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null,
      ContentType.Html, null, "dev.colorize.report.html.templates");

  private HtmlPages() {}

  /**
   * Renders {@code template} with {@code page} into {@code <folder>/index.html}, beside
   * {@code report.css} and {@code report.js}.
   *
   * @return the written index.html
   */
  static Path write(String template, Object page, Path folder) throws IOException {
    Files.createDirectories(folder);
    copyResource("report.css", folder);
    copyResource("report.js", folder);
    Path index = folder.resolve("index.html");
    Path temp = folder.resolve("index.html.tmp");
    try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      TEMPLATES.render(template, page, new WriterOutput(writer));
    }
    Files.move(temp, index, StandardCopyOption.REPLACE_EXISTING);
    return index;
  }

  private static void copyResource(String name, Path folder) throws IOException {
    try (InputStream in = HtmlPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
