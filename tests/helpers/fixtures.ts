// A small, real world for service tests: a store in a temp folder with the Fuzhou office tree,
// the shipped catalogue and templates, staff of every role in two offices, and a fixed clock.
import type { ApiParsedInput } from '../../src/shared/api/index.js';
import type { Role } from '../../src/shared/domain/enums.js';
import { makeResidentId, makeUscc, mulberry32 } from '../../src/shared/domain/synthetic-ids.js';
import * as t from '../../src/main/db/schema.js';
import { openStore, SYSTEM_ACTOR, type Store } from '../../src/main/db/store.js';
import { actorFor } from '../../src/main/features/auth/service.js';
import { hashPassword } from '../../src/main/features/auth/password.js';
import { seedReferenceData } from '../../src/main/features/catalog/seed.js';
import type { ServiceContext } from '../../src/main/features/context.js';
import { registerCase } from '../../src/main/features/intake/service.js';
import { fixedClock } from '../../src/main/platform/clock.js';

export const PASSWORD = 'daiban2026';

/** Staff of the fixture: username → [display name, roles, office division code]. */
const STAFF = {
  admin: ['系统管理员', ['admin'], '350100'],
  clerk: ['林晓燕', ['clerk'], '350102'],
  agent: ['陈志强', ['agent'], '350102'],
  agent2: ['黄丽君', ['agent'], '350102'],
  leader: ['郑国栋', ['leader'], '350102'],
  leader2: ['吴建华', ['leader'], '350102'],
  townClerk: ['王小红', ['clerk', 'agent'], '350102001'],
  otherClerk: ['李明', ['clerk'], '350104'],
  cityAgent: ['张伟', ['agent'], '350100'],
} satisfies Record<string, [string, Role[], string]>;

export type StaffKey = keyof typeof STAFF;

export interface World {
  store: Store;
  clock: ReturnType<typeof fixedClock>;
  /** User ids by fixture key. */
  users: Record<StaffKey, string>;
  org: (code: string) => string;
  ctx: (who: StaffKey) => ServiceContext;
}

// One password hash for every fixture user: scrypt is slow on purpose.
let sharedHash: string | undefined;

export function makeWorld(dir: string, now = '2026-03-02T01:00:00Z'): World {
  const clock = fixedClock(now); // Monday 2026-03-02, 09:00 in Fuzhou
  const store = openStore(dir, { clock });
  sharedHash ??= hashPassword(PASSWORD);
  const users = {} as Record<StaffKey, string>;
  let orgIds = new Map<string, string>();
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => {
    orgIds = seedReferenceData(tx, { orgTree: true }).orgUnitIdByCode;
    for (const [username, [displayName, roles, code]] of Object.entries(STAFF) as Array<[StaffKey, [string, Role[], string]]>) {
      const u = tx.insert(t.users, { username, displayName, roles, orgUnitId: orgIds.get(code)!, passwordHash: sharedHash!, phone: '13800000000' });
      users[username] = u.id;
    }
  });
  const org = (code: string) => {
    const id = orgIds.get(code);
    if (!id) throw new Error(`no org unit ${code}`);
    return id;
  };
  const ctx = (who: StaffKey): ServiceContext => {
    const row = store.orm.select().from(t.users).all().find((u) => u.id === users[who])!;
    return { store, actor: actorFor(row) };
  };
  return { store, clock, users, org, ctx };
}

const rng = mulberry32(20260302);

/** A valid new enterprise applicant (fresh USCC each call unless given). */
export function enterpriseApplicant(overrides: Partial<NonNullable<ApiParsedInput<'intake.register'>['applicant']>> = {}) {
  return {
    kind: 'enterprise' as const,
    name: '福州闽江智造科技有限公司',
    uscc: makeUscc(rng, '350102'),
    legalRepresentative: '陈建国',
    contactName: '林小明',
    contactIdNumber: makeResidentId(rng, { regionCode: '350102' }),
    contactPhone: '13905912345',
    ...overrides,
  };
}

/** Registers a proxy case for a key project at 鼓楼区 as the clerk, assigned to the agent. */
export function registerProxyCase(w: World, overrides: Partial<ApiParsedInput<'intake.register'>> = {}) {
  return registerCase(w.ctx('clerk'), {
    channel: 'counter',
    mode: 'proxy',
    helpKind: null,
    applicant: enterpriseApplicant(),
    project: { name: '闽江智造产业园一期厂房', code: '2026-350102-34-03-012345', category: 'key', location: '鼓楼区洪山镇', investment: 52000 },
    summary: '新建厂房全流程代办',
    agentId: w.users.agent,
    leaderId: w.users.leader,
    ...overrides,
  });
}
