// Whether dist/renderer is newer than every source it is built from (src/renderer, src/shared).
// Shared by `npm start` and the e2e harness, which rebuild only when it is not.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

export function rendererIsFresh(root) {
  const index = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return newestMtime(join(root, 'src', 'renderer')) < built && newestMtime(join(root, 'src', 'shared')) < built;
}
