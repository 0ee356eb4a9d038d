/**
 * Runnable examples of the library, one per worked example of the domain; {@code Demo} runs them.
 */
@NullMarked
package dev.funnel.examples;

import org.jspecify.annotations.NullMarked;
