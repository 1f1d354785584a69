// POST /sync/push, by concern: batch.ts (envelopes, idempotency, the transaction), state.ts (what a
// batch holds), authorization.ts (who may do what), apply.ts (one op by kind), record-ops.ts
// (insert, field changes, conflicts, delete), reference.ts (reference data), intents/ (the registry).
export { pushBatch } from './batch';
