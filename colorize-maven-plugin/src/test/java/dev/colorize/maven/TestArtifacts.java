package dev.colorize.maven;

import java.io.File;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.ArtifactHandler;

/** Resolved artifacts as Maven hands them to a Mojo in {@code ${plugin.artifacts}}. */
final class TestArtifacts {

  private TestArtifacts() {}

  static Artifact jar(File file) {
    return artifact("jar", true, file);
  }

  static Artifact artifact(String type, boolean addedToClasspath, File file) {
    DefaultArtifact artifact = new DefaultArtifact("g", file.getName(), "1", "runtime", type,
        null, new Handler(type, addedToClasspath));
    artifact.setFile(file);
    return artifact;
  }

  /** maven-core's DefaultArtifactHandler, reduced to what the plugin reads. */
  private record Handler(String type, boolean addedToClasspath) implements ArtifactHandler {
    @Override
    public String getExtension() {
      return type;
    }

    @Override
    public String getDirectory() {
      return type + "s";
    }

    @Override
    public String getClassifier() {
      return null;
    }

    @Override
    public String getPackaging() {
      return type;
    }

    @Override
    public boolean isIncludesDependencies() {
      return false;
    }

    @Override
    public String getLanguage() {
      return "java";
    }

    @Override
    public boolean isAddedToClasspath() {
      return addedToClasspath;
    }
  }
}
