// Bytes this process has made the kernel write to storage (Linux /proc/self/io, counted when pages
// are dirtied, less what was truncated before it reached the disk); 0 where there is no /proc.
import fs from 'node:fs';

export function bytesWritten(): number {
  try {
    const io = fs.readFileSync('/proc/self/io', 'utf8');
    return Number(/^write_bytes: (\d+)/m.exec(io)?.[1] ?? 0) - Number(/^cancelled_write_bytes: (\d+)/m.exec(io)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
