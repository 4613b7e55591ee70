/**
 * Child processes of the suite: start them, find their descendants (the app and its web
 * processes run under tauri-driver → WebKitWebDriver), and stop exactly those, by pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** A free TCP port on loopback (the OS picks it; a tiny race with other processes remains). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Parent pid, process group and command name of every process, from /proc. */
function processTable(): Map<number, { ppid: number; pgrp: number; comm: string }> {
  const table = new Map<number, { ppid: number; pgrp: number; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may itself contain spaces or parentheses.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Zombies have exited; only their parent's wait is missing.
      if (fields[0] === 'Z') continue;
      table.set(Number(entry), { ppid: Number(fields[1]), pgrp: Number(fields[2]), comm });
    } catch {
      // The process ended while we read the table.
    }
  }
  return table;
}

/** Every live descendant of `root` (not `root` itself), with its command name. */
export function descendants(root: number): { pid: number; comm: string }[] {
  const table = processTable();
  const found: { pid: number; comm: string }[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift();
    for (const [pid, info] of table) {
      if (info.ppid === parent) {
        found.push({ pid, comm: info.comm });
        queue.push(pid);
      }
    }
  }
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; it has exited for our purposes.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until none of `pids` is alive; false when `timeoutMs` passed first. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** The live members of process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  return [...processTable()].filter(([, info]) => info.pgrp === pgid).map(([pid]) => pid);
}

/** Process groups started by this worker and not yet stopped. */
const liveGroups = new Set<number>();

/**
 * Stops process group `pgid` (a child started by {@link spawnGroup} and everything it started
 * that stayed in its group): SIGTERM, up to `graceMs` to go, then SIGKILL.
 */
export async function stopGroup(pgid: number, graceMs = 5000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {
      // The group is gone.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupMembers(pgid).length && Date.now() < deadline) await sleep(50);
  if (groupMembers(pgid).length) signal('SIGKILL');
  while (groupMembers(pgid).length && Date.now() < deadline + 2000) await sleep(50);
  liveGroups.delete(pgid);
}

/** Stops every group this worker started and has not stopped (after a failed launch or hook). */
export async function stopAllGroups(): Promise<void> {
  for (const pgid of [...liveGroups]) await stopGroup(pgid);
}

/**
 * Starts `command` in a new process group (so it and its children can be stopped together by
 * group id), stdout and stderr appended to `logFile`. The group id is also appended to
 * `$BDESK_E2E_TMP/process-groups`, so scripts/app-e2e.sh can stop leftovers of a crashed run.
 */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) {
    liveGroups.add(child.pid);
    if (process.env.BDESK_E2E_TMP) appendFileSync(join(process.env.BDESK_E2E_TMP, 'process-groups'), `${child.pid}\n`);
  }
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.on('exit', () => log.end());
  return child;
}
