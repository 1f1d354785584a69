// The text formats of a bag (RFC 8493): bagit.txt, manifests and bag-info.txt.

export const BAGIT_VERSION = '1.0';
export const ALGORITHMS = ['sha256', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export function bagitDeclaration(): string {
  return `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function decodeManifestPath(path: string): string {
  return path.replace(/%(0D|0A|25)/gi, (_, code: string) => ({ '0D': '\r', '0A': '\n', '25': '%' })[code.toUpperCase()]!);
}

export function manifestText(entries: ReadonlyArray<{ path: string; digest: string }>): string {
  return entries.map((e) => `${e.digest}  ${encodeManifestPath(e.path)}\n`).join('');
}

export interface ManifestLine {
  line: number;
  digest: string;
  path: string;
}

/** Parses a manifest; lines that are not "<hex> <path>" come back in `bad`. */
export function parseManifest(text: string): { entries: ManifestLine[]; bad: Array<{ line: number; text: string }> } {
  const entries: ManifestLine[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const m = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(raw);
    if (!m) bad.push({ line: i + 1, text: raw });
    else entries.push({ line: i + 1, digest: m[1]!.toLowerCase(), path: decodeManifestPath(m[2]!) });
  });
  return { entries, bad };
}

const FOLD_AT = 79;

/**
 * One bag-info.txt field. Long values are folded (RFC 8493 §2.2.2) only before a space, so a
 * reader that unfolds by removing the line break gets the value back exactly; a value without
 * spaces stays on one line (folding is a SHOULD, and inserting spaces would change the value).
 */
export function tagLine(name: string, value: string): string {
  if (!/^[^:\s][^:\r\n]*$/.test(name)) throw new Error(`bag-info 字段名无效：${name}`);
  if (/[\r\n]/.test(value)) throw new Error(`bag-info 字段 ${name} 的值不能含换行`);
  let line = `${name}: ${value}`;
  let out = '';
  while (line.length > FOLD_AT) {
    const at = line.lastIndexOf(' ', FOLD_AT);
    const cut = at > name.length + 1 ? at : line.indexOf(' ', FOLD_AT);
    if (cut <= name.length + 1) break;
    out += `${line.slice(0, cut)}\n`;
    line = line.slice(cut);
  }
  return `${out}${line}\n`;
}

export interface TagField {
  name: string;
  value: string;
}

/** Parses bag-info.txt or bagit.txt: "Name: value" lines, continuation lines start with space/tab. */
export function parseTags(text: string): { fields: TagField[]; bad: Array<{ line: number; text: string }> } {
  const fields: TagField[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (raw === '') return;
    if (/^[ \t]/.test(raw) && fields.length > 0) {
      fields.at(-1)!.value += raw;
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) bad.push({ line: i + 1, text: raw });
    else fields.push({ name: raw.slice(0, colon).trim(), value: raw.slice(colon + 1).replace(/^[ \t]/, '') });
  });
  for (const f of fields) f.value = f.value.trim();
  return { fields, bad };
}

/** Payload-Oxum: "<octets>.<file count>". */
export const payloadOxum = (bytes: number, count: number) => `${bytes}.${count}`;
