/**
 * Funnels, rule sets, leads and activities as JSON: {@link dev.funnel.json.FunnelJson} writes and
 * reads them, strictly, with a schema version in every document.
 */
@NullMarked
package dev.funnel.json;

import org.jspecify.annotations.NullMarked;
