// Who may call a request, read from the contract's `access` (the same list the backend enforces),
// so screens show a button only to the roles that may use it.
import { contract, type ApiName, type SessionUser } from '../../shared/api/index';

export function mayCall(name: ApiName, user: Pick<SessionUser, 'role'> | null | undefined): boolean {
  const access = contract[name].access;
  if (access === 'public') return true;
  if (!user) return false;
  return access === 'session' || (access as readonly string[]).includes(user.role);
}
