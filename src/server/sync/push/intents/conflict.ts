// conflict.resolve: a person settles a same-field conflict the server recorded (冲突待处理) — the
// resolution fields only; what the conflict is about never changes.
import { CONFLICT_RESOLUTION_FIELDS } from '../../../../shared/sync/rules';
import { reject } from '../state';
import type { IntentHandler } from './types';

export const conflictIntents: Record<string, IntentHandler> = {
  'conflict.resolve': {
    entities: ['conflicts'],
    validate: ({ changes }) => {
      for (const f of Object.keys(changes)) {
        if (!(CONFLICT_RESOLUTION_FIELDS as readonly string[]).includes(f)) reject('forbidden', '冲突记录只能填写处理结果');
      }
    },
  },
};
