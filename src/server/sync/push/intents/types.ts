// The shape of one intent handler in the registry (intents/index.ts).
import type { IntentOp } from '../../../../shared/sync/protocol';
import type { Rec } from '../../records';
import type { Changes } from '../record-ops';
import type { Batch } from '../state';

/** What an intent's re-check sees: the op, the record as the server holds it, the field changes. */
export interface IntentCheck {
  b: Batch;
  op: IntentOp;
  r: Rec;
  changes: Changes;
  roles: readonly string[];
}

export interface IntentHandler {
  /** The entities the intent may name. */
  entities: readonly string[];
  /** Workflow rules re-checked against the server's current state; throws a Rejection. */
  validate?(c: IntentCheck): void;
  /** For an intent that creates its record when the server has none yet (transfer.send). */
  create?(b: Batch, op: IntentOp): Rec;
}
