"""`abmctl explain ACCOUNT`: one account's tier and why, intent, owners, handoff, conflicts,
findings and tier history, on one screen (`Explainer` computes, the renderers shape)."""
