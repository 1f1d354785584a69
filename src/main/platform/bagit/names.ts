// File names that survive a USB stick: FAT32/exFAT and Windows refuse some characters and names,
// and Windows (without long-path support) refuses paths past MAX_PATH (260).

/** Longest path component FAT32/exFAT/NTFS accept, in UTF-16 code units. */
export const MAX_COMPONENT_UNITS = 255;
/** Room for the whole path inside the target folder, leaving "E:\" and a parent folder under MAX_PATH. */
export const MAX_RELATIVE_PATH = 240;

// <>:"/\|?* and C0 controls (and DEL) are illegal on FAT and Windows.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
// Reserved device names, with or without an extension ("CON.txt" opens the console on Windows).
const RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;

/** Splits a name into stem and extension (".tar.gz" counts as ".gz"; a leading dot is no extension). */
function splitExt(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > 16) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** Cuts a string to at most `units` UTF-16 units without splitting a surrogate pair. */
function cutUnits(s: string, units: number): string {
  if (s.length <= units) return s;
  let cut = s.slice(0, Math.max(0, units));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** Shortens a name to `units`, keeping its extension. */
function shorten(name: string, units: number): string {
  if (name.length <= units) return name;
  const [stem, ext] = splitExt(name);
  if (ext.length >= units) return cutUnits(name, units);
  return trimEnd(cutUnits(stem, units - ext.length)) + ext;
}

const trimEnd = (s: string) => s.replace(/[. ]+$/, '');

/**
 * One path component made safe for FAT32/exFAT/Windows: NFC, illegal and control characters
 * replaced by "_", no trailing dot or space, reserved device names prefixed with "_",
 * at most 255 UTF-16 units (extension kept). Never empty, never "." or "..".
 */
export function safeName(name: string, maxUnits = MAX_COMPONENT_UNITS): string {
  let s = name.normalize('NFC').replace(ILLEGAL, '_');
  s = trimEnd(s.trimStart());
  if (s === '' || /^\.+$/.test(s)) s = '_';
  if (RESERVED.test(s)) s = `_${s}`;
  s = shorten(s, maxUnits);
  return trimEnd(s) || '_';
}

export interface SafePath {
  /** The path as the caller gave it. */
  from: string;
  /** The safe relative path ("/"-separated), unique case-insensitively among the set. */
  to: string;
}

/**
 * Makes a set of relative paths safe (each component through safeName, "." and ".." dropped,
 * "\" taken as a separator), each at most `maxLength` characters, and unique when compared
 * case-insensitively (FAT and NTFS fold case): a clash gets " (2)", " (3)"… before its extension.
 */
export function safeRelativePaths(paths: readonly string[], maxLength = MAX_RELATIVE_PATH): SafePath[] {
  const taken = new Set<string>();
  // A folder may not share a name with a file either.
  const takenDirs = new Set<string>();
  const result: SafePath[] = [];
  for (const from of paths) {
    const parts = from.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..').map((p) => safeName(p));
    if (parts.length === 0) parts.push('_');
    const dir = parts.slice(0, -1);
    // A folder named like an earlier file (FAT folds case) cannot be made; say so rather than guess.
    for (let i = 1; i <= dir.length; i++) if (taken.has(key(dir.slice(0, i).join('/')))) throw new Error(`文件与文件夹同名，无法保存：${from}`);
    let dirPath = dir.join('/');
    const room = maxLength - (dirPath ? dirPath.length + 1 : 0);
    if (room < 8) throw new Error(`路径过长，无法在 U 盘上保存：${from}`);
    const base = shorten(parts.at(-1)!, Math.min(room, MAX_COMPONENT_UNITS));
    dirPath = dirPath ? `${dirPath}/` : '';
    let candidate = base;
    for (let n = 2; taken.has(key(dirPath + candidate)) || takenDirs.has(key(dirPath + candidate)); n++) {
      const [stem, ext] = splitExt(base);
      const suffix = ` (${n})`;
      candidate = shorten(stem, Math.min(room, MAX_COMPONENT_UNITS) - suffix.length - ext.length) + suffix + ext;
    }
    const to = dirPath + candidate;
    taken.add(key(to));
    for (let i = 1; i <= dir.length; i++) takenDirs.add(key(dir.slice(0, i).join('/')));
    result.push({ from, to });
  }
  return result;
}

const key = (p: string) => p.toLowerCase();
