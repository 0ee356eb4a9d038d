/** The {@code funnel} command line: a conversion report from an event log or stage changes. */
@NullMarked
package dev.funnel.cli;

import org.jspecify.annotations.NullMarked;
