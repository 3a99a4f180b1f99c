/**
 * The CPU the PyTorch engine runs on: a self-check of oneDNN's convolutions against a reference in
 * double ({@link dev.colorize.model.cpu.ConvolutionCheck}), run per machine under each candidate
 * {@code DNNL_MAX_CPU_ISA} to choose the fastest right one
 * ({@link dev.colorize.model.cpu.InstructionSetChoice}), which the Maven goals' forks and
 * {@code bin/colorize} then run with.
 */
package dev.colorize.model.cpu;
