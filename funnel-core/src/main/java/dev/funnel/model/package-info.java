/**
 * Funnels, their stages, and leads with typed attributes and an immutable stage history.
 *
 * <p>Every type here is an immutable value: safe to share between threads without locking. Builders
 * are the exception: a builder is for one thread, and {@code build()} snapshots it.
 */
@NullMarked
package dev.funnel.model;

import org.jspecify.annotations.NullMarked;
