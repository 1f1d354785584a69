// Who may call a request, read from the permission policy (the same table the backend enforces),
// so screens show a button only to the roles that may use it.
import type { ApiName, SessionUser } from '../../shared/api/index';
import { mayUse } from '../../shared/policy/index';

export function mayCall(name: ApiName, user: { roles: readonly SessionUser['roles'][number][] } | null | undefined): boolean {
  return mayUse(name, user ? user.roles : null);
}
