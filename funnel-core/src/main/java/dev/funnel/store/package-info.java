/**
 * Where leads live between moves: the {@link dev.funnel.store.LeadStore} interface, an in-memory
 * implementation, and the pipeline report read from a store.
 *
 * <p>Every store is thread-safe; a move is compare-and-set on the lead's version, so two moves
 * decided on the same version never both land.
 */
@NullMarked
package dev.funnel.store;

import org.jspecify.annotations.NullMarked;
