package dev.funnel.testkit;

import dev.funnel.rules.TransitionEngine;
import dev.funnel.store.InMemoryLeadStore;
import dev.funnel.store.LeadStore;

/** funnel-core's in-memory store keeps the contract every store keeps. */
class InMemoryLeadStoreContractTest extends LeadStoreContract {
  @Override
  protected LeadStore newStore(TransitionEngine engine) {
    return InMemoryLeadStore.of(engine);
  }
}
