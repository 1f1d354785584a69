// Shared by the bag tests: a bag with Chinese names, nested folders and every kind of source.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fixedClock } from '../../../src/main/platform/clock.js';
import { writeBag, type BagFile } from '../../../src/main/platform/bagit/index.js';

export const CLOCK = fixedClock('2026-03-01T02:00:00Z');

export function sampleFiles(workDir: string): BagFile[] {
  const copied = join(workDir, 'source-申请书.pdf');
  writeFileSync(copied, Buffer.alloc(300_000, 7));
  return [
    { path: '案卷记录.json', source: Buffer.from(JSON.stringify({ 案卷编号: '350102-2026-0001', 申请人: '林小明' }), 'utf8') },
    { path: '文书/申请书.pdf', source: copied },
    { path: '文书/附件/身份证 复印件.jpg', source: Readable.from([Buffer.from('第一段'), Buffer.from('第二段')]) },
    { path: '目录/四性检测报告.txt', source: Buffer.from('真实性、完整性、可用性、安全性\n') },
    { path: 'empty.txt', source: Buffer.alloc(0) },
  ];
}

export function writeSample(targetDir: string, workDir: string, name = '专属档案-350102-2026-0001') {
  return writeBag(targetDir, name, { files: sampleFiles(workDir), info: { 'Source-Organization': '福州市鼓楼区代办服务中心', 'External-Description': '专属档案 '.repeat(30).trim() } }, { clock: CLOCK });
}
