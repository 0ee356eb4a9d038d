package dev.funnel.io;

/**
 * Which of a subject's rows gives it its segment, when its rows name different ones: a subject
 * counts in one segment only, so that the segments of a breakdown add up to the whole. Rows whose
 * segment is empty are passed over; a subject none of whose rows has one has no segment. Rows are
 * taken in time order, rows with equal times in file order, so that the order of the file does not
 * change the answer. (PostHog offers the same choice as "first touch" and "last touch"; its
 * "specific step" is {@link EventReader.Builder#segmentAttribution(EventFilter)}.)
 */
public enum SegmentAttribution {
  /** The segment of the subject's earliest row that has one: where it came from. The default. */
  FIRST_TOUCH,
  /** The segment of the subject's latest row that has one: where it was last seen. */
  LAST_TOUCH
}
