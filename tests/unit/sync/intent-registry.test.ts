// Every workflow step a desktop sends as an intent must be one the server's registry knows: an
// unknown name is refused (unknown_intent), so a step added on the desktop alone would never sync.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../../src/server/sync/push/intents';
import { CASE_ACTION_CODES } from '../../../src/shared/domain/case-status';
import { KNOWN_INTENTS } from '../../../src/shared/policy/index';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the intent registry', () => {
  it('knows every intent name the desktop services send', () => {
    const root = path.resolve(import.meta.dirname, '../../../src/main');
    const sent = new Set<string>();
    for (const f of sources(root)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\{ name: '([a-z][A-Za-z]*\.[a-z][A-Za-z]*)'/g)) sent.add(m[1] as string);
      if (fs.readFileSync(f, 'utf8').includes('name: `case.${res.action}`')) for (const a of CASE_ACTION_CODES) sent.add(`case.${a}`);
    }
    expect(sent.size).toBeGreaterThan(10);
    expect([...sent].filter((n) => !Object.hasOwn(INTENTS, n))).toEqual([]);
  });

  it('knows exactly the intents the permission policy lets someone send (one list of workflow steps)', () => {
    expect(Object.keys(INTENTS).sort()).toEqual([...KNOWN_INTENTS].sort());
  });

  it('names the entities each intent applies to', () => {
    for (const [name, h] of Object.entries(INTENTS)) expect(h.entities.length, name).toBeGreaterThan(0);
    expect(INTENTS['transfer.accept']?.entities).toEqual(['transfers', 'cases']);
    expect(INTENTS['case.accept']?.entities).toEqual(['cases']);
  });
});
