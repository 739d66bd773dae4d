/**
 * The orphan guard, a tiny program netra starts in a session of its own at
 * `dev up`. netra tells it, over its stdin pipe, the process group of every
 * service it spawns and the stack's environment marker. If the pipe closes
 * without a clean "done" — netra was SIGKILLed, OOM-killed, crashed, or its
 * IDE closed — the watchdog stops every recorded group and every process
 * carrying the marker: SIGTERM, then SIGKILL a moment later. It only ever
 * signals a group whose leader still has the recorded start time (or whose
 * members carry the marker), so a recycled pid is never touched.
 *
 * Protocol: one JSON object per line — {"group":{"pgid":n,"startTime":"…"}},
 * {"marker":{"name":"…","value":"…"}}, {"done":true}.
 * This file is a program entry point, so it may exit.
 */
import { createInterface } from 'node:readline';
import { findPidsWithEnv, isSameProcess, readProcessStat } from '../shared/proc-info.js';

const TERM_GRACE_MS = 700;
const POLL_MS = 25;

interface Group {
  pgid: number;
  startTime: string | undefined;
}

const groups = new Map<number, Group>();
let marker: { name: string; value: string } | undefined;
let done = false;

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  try {
    const message = JSON.parse(line) as {
      group?: Group;
      marker?: { name: string; value: string };
      done?: boolean;
    };
    if (message.group) groups.set(message.group.pgid, message.group);
    if (message.marker) marker = message.marker;
    if (message.done) done = true;
  } catch {
    // A torn line from a dying parent: ignore it.
  }
});
input.on('close', () => {
  if (done) process.exit(0);
  void reap().finally(() => process.exit(0));
});
// Signals meant for the terminal's foreground group never reach us (own session), but be explicit.
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);

/** Members of the stack still alive: live recorded groups and marker-carrying pids (with start times). */
function survivors(): { groups: number[]; pids: { pid: number; startTime: string | undefined }[] } {
  const liveGroups = [...groups.values()].filter((g) => isSameProcess(g.pgid, g.startTime) || groupHasMembers(g.pgid));
  const pids = marker
    ? findPidsWithEnv(marker.name, marker.value)
        .filter((pid) => pid !== process.pid)
        .map((pid) => ({ pid, startTime: readProcessStat(pid)?.startTime }))
    : [];
  return { groups: liveGroups.map((g) => g.pgid), pids };
}

function groupHasMembers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalAll(target: ReturnType<typeof survivors>, signal: NodeJS.Signals): void {
  for (const pgid of target.groups) tryKill(-pgid, signal);
  for (const { pid, startTime } of target.pids) if (isSameProcess(pid, startTime)) tryKill(pid, signal);
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

async function reap(): Promise<void> {
  const first = survivors();
  signalAll(first, 'SIGTERM');
  const deadline = Date.now() + TERM_GRACE_MS;
  while (Date.now() < deadline) {
    const left = survivors();
    if (left.groups.length === 0 && left.pids.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  signalAll(survivors(), 'SIGKILL');
}
