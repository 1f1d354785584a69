// The permission policy for the signed-in user, as a hook (access.ts stays free of the session
// store, so pure code and tests can read it).
import type { ApiName } from '../../shared/api/index';
import { mayCall } from './access';
import { useSession } from './session';

/** `const canAdd = useMayCall('problem.add')`: show a control only to those who may use it. */
export function useMayCall(name: ApiName): boolean {
  return mayCall(name, useSession((s) => s.user));
}
