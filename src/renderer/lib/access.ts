// Who may call a request, read from the contract's `access` (the same list the backend enforces),
// so screens show a button only to the roles that may use it.
import { accessVerdict, contract, type ApiName, type SessionUser } from '../../shared/api/index';

export function mayCall(name: ApiName, user: { roles: readonly SessionUser['roles'][number][] } | null | undefined): boolean {
  return accessVerdict(contract[name].access, user ? user.roles : null) === 'ok';
}
