package dev.colorize.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One {@code <dataset>} of a run: a name, a layout, where it is, and which part of it to use.
 * Plain fields so Maven can map POM XML onto it and Jackson can write it to the forked CLI.
 */
public class DatasetConfig {
  /** Unique name; appears in every output row. */
  public String name;
  /** Layout: aihub-food, aihub-object, folder or manifest. */
  public String format;
  /** Root folder of the images. */
  public String path;
  /** Manifest CSV (format manifest only); default {@code <path>/manifest.csv}. */
  public String manifest;
  /** Which split to use: train, val, test or all. */
  public String split = "all";
  /** Most samples to read, 0 for all. */
  public long limit;
  /** Most samples per class, 0 for all. */
  public int perClassLimit;
  /** Split fractions "train,val,test", summing to 1. */
  public String fractions = "0.8,0.1,0.1";
  /**
   * aihub-food only: what the crop_area box is, {@code region} (the image is cropped to it, the
   * default) or {@code instance} (the whole image is prepared and the box becomes an instance
   * box for instance-aware models). Null means region and is left out of the JSON, so datasets
   * that do not set it keep their run identity.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String cropAs;

  public DatasetConfig() {}

  public DatasetConfig(String name, String format, String path) {
    this.name = name;
    this.format = format;
    this.path = path;
  }
}
