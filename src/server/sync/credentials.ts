// Staff rows leave the server with credentials only where they are used: a desktop signs in the
// users of its own office subtree, so only those come with their password hash. Staff of other
// offices (names on transfers and in case histories) come without it; admins of other offices,
// the centre's above all, come as a bare name that cannot sign in anywhere.
export function usersRowFor(data: string, insideSubtree: boolean): string {
  if (insideSubtree) return data;
  const u = JSON.parse(data) as Record<string, unknown>;
  const admin = Array.isArray(u.roles) && u.roles.includes('admin');
  const id = typeof u.id === 'string' ? u.id : '';
  return JSON.stringify({
    ...u,
    passwordHash: '',
    failedLogins: 0,
    lockedUntil: null,
    ...(admin ? { username: `~${id}`, roles: [], active: false, phone: '' } : {}),
  });
}
