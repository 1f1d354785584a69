// A full disk is a normal event at a township window: the write that does not fit is refused with
// a Chinese message, nothing half-written remains, and everything committed before is intact.
// Needs a small tmpfs (root on Linux); elsewhere the test says why it skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema.js';
import { openStore, SYSTEM_ACTOR } from '../../../src/main/db/store.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'daiban-tinyfs-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn('full-disk test skipped: cannot mount a small tmpfs here (needs root on Linux)');
}

describe.skipIf(!mounted)('a full disk', () => {
  beforeAll(() => mkdirSync(join(mountPoint, 'data'), { recursive: true }));
  afterAll(() => {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    } finally {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('refuses the write that does not fit, keeps every committed one, and works again once space is freed', () => {
    const dir = join(mountPoint, 'data');
    const store = openStore(dir);
    const org = store.write({ actor: SYSTEM_ACTOR, action: 'org.create' }, (tx) =>
      tx.insert(t.orgUnits, { code: '350102', name: '鼓楼区', level: 'county', officeName: '鼓楼区代办服务中心' }),
    );
    // Fill the disk with a file, leaving room for a few writes (whatever the migrations left in the WAL).
    const filler = join(mountPoint, 'filler.bin');
    const free = statfsSync(mountPoint);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 400_000)));
    const committed: string[] = [];
    let refusal: Error | undefined;
    for (let i = 0; i < 500 && !refusal; i++) {
      try {
        const row = store.write({ actor: SYSTEM_ACTOR, action: 'org.update' }, (tx) =>
          tx.insert(t.interactions, { orgUnitId: org.id, heldDate: '2026-11-20', place: '鼓楼区行政服务中心', enterprises: '福州闽江科技有限公司', content: '政企座谈'.repeat(2000), recordedBy: 'x' }),
        );
        committed.push(row.id);
      } catch (e) {
        refusal = e as Error;
      }
    }
    expect(refusal?.message).toMatch(/磁盘空间已满/);
    expect(committed.length).toBeGreaterThan(0);
    const ids = store.db.prepare('SELECT id FROM interactions ORDER BY id').pluck().all();
    expect(ids).toEqual([...committed].sort());
    // Outbox and audit match the committed writes exactly: nothing from the refused one.
    expect(store.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'interactions'`).pluck().get()).toBe(committed.length);
    expect(store.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'org.update'`).pluck().get()).toBe(committed.length);
    store.close();

    rmSync(filler);
    const again = openStore(dir);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(committed.length);
    again.write({ actor: SYSTEM_ACTOR, action: 'org.update' }, (tx) =>
      tx.insert(t.interactions, { orgUnitId: org.id, heldDate: '2026-11-21', place: '鼓楼区', enterprises: '企业', content: '恢复后写入', recordedBy: 'x' }),
    );
    expect(again.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(committed.length + 1);
    again.close();
  });
});
