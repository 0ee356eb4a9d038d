/**
 * Transition rules that decide which stage changes are legal, and the engine that applies them.
 *
 * <p>Rules, decisions and the engine are immutable and thread-safe, provided the predicates users
 * supply to {@link dev.funnel.rules.Criterion} and {@link dev.funnel.rules.TransitionRule#of} are.
 */
@NullMarked
package dev.funnel.rules;

import org.jspecify.annotations.NullMarked;
