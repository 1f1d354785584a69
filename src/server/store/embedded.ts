// The embedded PGlite database in DATA/pgdata, opened so that a server killed with -9 restarts cleanly.
//
// Why this is safe after kill -9 (PGlite 0.5.x on Node): PGlite mounts the folder with Emscripten's
// NODEFS, so every write of the WASM PostgreSQL is an fs.writeSync to the real file: nothing is kept in
// memory to be synced later (NodeFS.syncToFs is empty; `relaxedDurability` changes nothing here). A
// commit writes its WAL before it answers, so after a kill the OS page cache holds every acknowledged
// commit and the next start replays the WAL like any PostgreSQL crash recovery. The stale
// postmaster.pid (always "-42") does not block a start. What is NOT covered: power loss or an OS crash,
// because PGlite runs with fsync off (-F) and NODEFS has no fsync; that needs PostgreSQL.
//
// What this module adds: one server per folder (dir-lock.ts), a first initialisation that cannot
// leave a half-copied folder behind, and a clear message instead of "Aborted()" when the folder is
// damaged.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDirLock } from './dir-lock';

export const PGDATA_DIR = 'pgdata';

export interface Embedded {
  client: PGlite;
  close(): Promise<void>;
}

export async function openEmbedded(dataDir: string): Promise<Embedded> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = acquireDirLock(dataDir);
  try {
    const dir = path.join(dataDir, PGDATA_DIR);
    if (!isInitialised(dir)) await initialise(dir);
    let client: PGlite;
    try {
      client = await PGlite.create(dir);
    } catch (err) {
      throw damaged(dataDir, err);
    }
    return {
      client,
      async close() {
        try {
          await client.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** PGlite treats a folder holding PG_VERSION as a database and resumes it. */
function isInitialised(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/**
 * PGlite initialises a new folder by copying a fresh cluster in file by file, PG_VERSION among the
 * last: a kill in between leaves a folder it later "resumes" and cannot start. So the first start
 * builds the cluster next to its place and renames it in once complete.
 */
async function initialise(dir: string): Promise<void> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    // Not a database (no PG_VERSION): the remains of an interrupted first start. Kept, not deleted.
    fs.renameSync(dir, `${dir}.incomplete-${Date.now()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const building = `${dir}.init`;
  fs.rmSync(building, { recursive: true, force: true });
  const fresh = await PGlite.create(building);
  await fresh.close();
  fs.renameSync(building, dir);
}

export class DamagedDataDirError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly reason: string,
  ) {
    super(
      `服务器数据目录 ${dataDir} 中的数据库无法打开，可能已损坏（${reason}）。` +
        `请不要删除或修改该目录：先把整个目录复制一份留存，再用停机时做的数据目录备份替换它后启动；` +
        `没有备份时请联系技术支持。步骤见 README 的 Known limits 一节。`,
    );
    this.name = 'DamagedDataDirError';
  }
}

function damaged(dataDir: string, err: unknown): DamagedDataDirError {
  const reason = err instanceof Error ? err.message.split('\n')[0]!.replace(/\. Build with -sASSERTIONS.*$/, '') : String(err);
  return new DamagedDataDirError(dataDir, reason);
}
