/**
 * The real stub server (`target/debug/billing-stub`) as a child process on a free loopback
 * port, and a direct reader of its API, so tests compare the window with what the server sent.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { artifactsDir, paths } from './paths';
import { spawnGroup, stopGroup } from './processes';

export interface Stub {
  /** `http://127.0.0.1:PORT`, as printed by the stub. */
  baseUrl: string;
  /** The bearer token the stub requires. */
  token: string;
  /** The raw billing details of `orgId`, read with the stub's token. */
  details(orgId: string): Promise<WireDetails>;
  stop(): Promise<void>;
}

/** The fields of the wire format the tests look at. */
export interface WireInvoice {
  id: string;
  number: string | null;
  status: string | null;
  currency: string | null;
  total: number | null;
  amountRemaining: number | null;
  createdAt: string | null;
  dueAt: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
}
export interface WireDetails {
  invoices: WireInvoice[];
  paymentMethods: unknown[];
}

/**
 * Starts the stub requiring `token` on `port` (0: a free one), each answer `latencyMs` late;
 * resolves once it printed its URL. Restarting on the port of an earlier stub keeps a saved
 * connection's base URL valid.
 */
export async function startStub(token: string, port = 0, latencyMs = 0): Promise<Stub> {
  const { child, baseUrl } = await spawnStub(
    ['--port', String(port), '--token', token, '--latency-ms', String(latencyMs)],
    'stub.log',
  );
  return {
    baseUrl,
    token,
    async details(orgId) {
      const url = `${baseUrl}/v1/organizations/${encodeURIComponent(orgId)}/stripe/billing-details`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`stub answered ${response.status} for ${orgId}`);
      return (await response.json()) as WireDetails;
    },
    async stop() {
      if (child.pid !== undefined) await stopGroup(child.pid);
    },
  };
}

/** What every request meets on a fault listener (`billing-stub --fault`). */
export type Fault = 'reset' | 'malformed' | 'rate-limit' | 'unavailable';

/** A `billing-stub --fault` listener: no data, every request meets the fault. */
export interface FaultStub {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `billing-stub --fault <fault>` on `port`: put on the port of a stopped stub, it
 * makes a saved connection that loaded fine misbehave on its next refresh.
 */
export async function startFaultStub(fault: Fault, port: number): Promise<FaultStub> {
  const { child, baseUrl } = await spawnStub(['--port', String(port), '--fault', fault], `stub-fault-${fault}.log`);
  return {
    baseUrl,
    async stop() {
      if (child.pid !== undefined) await stopGroup(child.pid);
    },
  };
}

/** Spawns the stub binary with `args`; resolves with its URL once it printed it. */
async function spawnStub(args: string[], log: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child: ChildProcess = spawnGroup(paths.stub, args, { ...process.env, RUST_LOG: 'warn' }, join(artifactsDir(), log));
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('billing-stub printed no URL within 10 s')), 10_000);
      child.once('exit', (code) => reject(new Error(`billing-stub exited with ${code} before listening (log: ${log})`)));
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => {
        clearTimeout(timer);
        const match = /^listening on (http:\/\/\S+)$/.exec(line);
        if (match?.[1]) resolve(match[1]);
        else reject(new Error(`unexpected first line from billing-stub: ${line}`));
      });
    });
    return { child, baseUrl };
  } catch (error) {
    if (child.pid !== undefined) await stopGroup(child.pid);
    throw error;
  }
}
