package dev.funnel.scoring;

/**
 * One bin of a calibration table: leads whose predicted win probability fell in {@code [from,
 * to)} (the last bin includes 1), what was predicted on average, and what happened. A calibrated
 * model has {@code meanPredicted ≈ observedRate} in every bin.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the lowest probability of the bin
 * @param to the end of the bin
 * @param leads how many leads fall in it
 * @param meanPredicted their mean predicted probability
 * @param observedRate the share of them that was won
 */
public record CalibrationBin(double from, double to, int leads, double meanPredicted, double observedRate) {}
