/**
 * Resident memory of whole process groups, from /proc (Linux). Each service
 * runs in its own process group (src/process/posix.ts), so its tree is every
 * pid whose pgid is the service's pid: one scan of /proc serves every
 * service. Elsewhere the map is empty, and memory-high stays silent.
 */
import { readFileSync } from 'node:fs';
import { listPids, readProcessStat } from '../shared/proc-info.js';

export type GroupRssSampler = (groups: ReadonlySet<number>) => Map<number, number>;

/** Bytes of RSS per process group id, for the groups asked for. */
export const sampleGroupRss: GroupRssSampler = (groups) => {
  const totals = new Map<number, number>();
  if (groups.size === 0) return totals;
  for (const pid of listPids()) {
    const stat = readProcessStat(pid);
    if (!stat || !groups.has(stat.pgid) || stat.state === 'Z') continue;
    const rss = readRssBytes(pid);
    if (rss !== undefined) totals.set(stat.pgid, (totals.get(stat.pgid) ?? 0) + rss);
  }
  return totals;
};

function readRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // gone between the listing and the read
  }
}
