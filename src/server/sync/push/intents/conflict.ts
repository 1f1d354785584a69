// conflict.resolve: a person settles a same-field conflict the server recorded (冲突待处理).
import type { IntentHandler } from './types';

export const conflictIntents: Record<string, IntentHandler> = {
  'conflict.resolve': { entities: ['conflicts'] },
};
