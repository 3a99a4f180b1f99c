/**
 * FID plumbing: {@link dev.colorize.metric.fid.FeatureExtractor} runs a configured TorchScript
 * feature network (the Inception network of clean-fid / StyleGAN2-ADA metrics,
 * {@code inception-2015-12-05.pt}) on 8-bit RGB images through DJL;
 * {@link dev.colorize.metric.fid.FidAccumulator} streams the features of predictions and ground
 * truth into {@link dev.colorize.metric.FeatureStatistics} and checkpoints them at every chunk
 * commit ({@link dev.colorize.metric.fid.FidCheckpoints}), so a resumed run gives the FID of an
 * uninterrupted one; {@link dev.colorize.metric.fid.FidReport} turns the committed statistics
 * into one {@link dev.colorize.metric.fid.FidResult} per dataset x model: a value, or the reason
 * there is none. No FID number is ever made up: without a feature model there is none.
 */
package dev.colorize.metric.fid;
