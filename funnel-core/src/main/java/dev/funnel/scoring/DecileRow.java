package dev.funnel.scoring;

/**
 * One tenth of the evaluated leads, by score: decile 1 holds the highest scores.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decile 1 to 10
 * @param leads how many leads fall in it
 * @param won how many of them were won
 * @param lowestScore the lowest score in the decile
 * @param highestScore the highest score in the decile
 * @param conversion {@code won / leads}
 * @param lift the decile's conversion divided by the conversion of all evaluated leads: 2 means
 *     twice as likely to be won as a lead picked at random
 */
public record DecileRow(
    int decile,
    int leads,
    int won,
    double lowestScore,
    double highestScore,
    double conversion,
    double lift) {}
