/**
 * Embedded Colonies server throughput: full process life cycles (submit → assign → close) per second with
 * 1, 2 and 4 executors, plus the cost of one signature and one signer recovery.
 * The server runs in its own `bun` process (as in production); clients run here.
 * Runs once with signer recovery on the server's event loop (default) and once with a verify worker pool
 * (BENCH_VERIFY_WORKERS, default 1).
 *   bun bench/colonies.ts [--processes 600]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCommand, parseArgsOrHelp } from "../lib/cli/index.ts";
import { ColoniesClient } from "../lib/colonies-sdk/client.ts";
import { generatePrivateKey, idFromPrivateKey, recoverId, sign } from "../lib/colonies-sdk/crypto.ts";
import { funcSpec } from "../lib/colonies-sdk/spec.ts";
import { freePort } from "./support.ts";

const { processes: PROCESSES } = parseArgsOrHelp(
  defineCommand({
    usage: "bun bench/colonies.ts",
    summary: "Benchmark the embedded Colonies server: process life cycles per second, sign/verify cost.",
    flags: {
      processes: {
        type: "integer",
        default: 600,
        description: "processes per measured row",
        check: (n: number) => (n > 0 ? undefined : "must be greater than 0"),
      },
    },
  }),
);
const SUBMIT_CONCURRENCY = 8;

function key() {
  const prvkey = generatePrivateKey();
  return { prvkey, id: idFromPrivateKey(prvkey) };
}

function cryptoCost(): { signMs: number; recoverMs: number } {
  const prvkey = generatePrivateKey();
  const payloads = Array.from({ length: 400 }, (_, i) =>
    Buffer.from(`{"msgtype":"x","n":${i}}`).toString("base64"),
  );
  let t = performance.now();
  const signatures = payloads.map((p) => sign(p, prvkey));
  const signMs = (performance.now() - t) / payloads.length;
  t = performance.now();
  for (const [i, p] of payloads.entries()) recoverId(p, signatures[i]!);
  const recoverMs = (performance.now() - t) / payloads.length;
  return { signMs, recoverMs };
}

async function startServerProcess(serverPrvkey: string, dir: string, verifyWorkers: number) {
  const port = freePort();
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "..", "embedded-colonies", "main.ts")], {
    cwd: dir,
    // A clean environment: a .env of the repository must not leak its colony keys into the bench server.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      COLONIES_SERVER_HOST: "127.0.0.1",
      COLONIES_SERVER_PORT: String(port),
      COLONIES_SERVER_PRVKEY: serverPrvkey,
      COLONIES_DB_PATH: join(dir, `colonies-${verifyWorkers}.db`),
      COLONIES_VERIFY_WORKERS: String(verifyWorkers),
    },
    stdout: "pipe",
    stderr: "inherit",
  });
  const client = new ColoniesClient({ host: "127.0.0.1", port, tls: false, requestTimeoutMs: 60_000 });
  for (let i = 0; i < 100; i++) {
    try {
      await client.version();
      return { child, client };
    } catch {
      await Bun.sleep(50);
    }
  }
  throw new Error("the server did not start");
}

async function lifeCycles(
  client: ColoniesClient,
  executors: number,
  colony: { prvkey: string },
  user: { prvkey: string },
) {
  const executortype = `bench-${executors}-${crypto.randomUUID().slice(0, 6)}`;
  const keys = [];
  for (let i = 0; i < executors; i++) {
    const k = key();
    const name = `${executortype}-${i}`;
    await client.addExecutor(
      { executorname: name, executorid: k.id, colonyname: "dev", executortype },
      colony.prvkey,
    );
    await client.approveExecutor("dev", name, colony.prvkey);
    keys.push(k);
  }
  let closed = 0;
  let end = 0;
  const stop = new AbortController();
  const start = performance.now();
  const workers = keys.map(async (k) => {
    while (closed < PROCESSES) {
      const p = await client.assign("dev", 5, k.prvkey, { signal: stop.signal }).catch(() => null);
      if (!p) continue;
      await client.closeSuccessful(p.processid, [], k.prvkey);
      if (++closed === PROCESSES) {
        end = performance.now();
        stop.abort(); // the other executors are long-polling for work that will not come
      }
    }
  });
  let submitted = 0;
  const submitters = Array.from({ length: SUBMIT_CONCURRENCY }, async () => {
    while (submitted < PROCESSES) {
      submitted++;
      await client.submitFunctionSpec(
        funcSpec({ funcname: "bench", args: [submitted], kwargs: {}, colonyname: "dev", executortype }),
        user.prvkey,
      );
    }
  });
  await Promise.all([...submitters, ...workers]);
  const seconds = (end - start) / 1000;
  return PROCESSES / seconds;
}

const { signMs, recoverMs } = cryptoCost();
console.log(`sign: ${signMs.toFixed(3)} ms   recover signer (verify): ${recoverMs.toFixed(3)} ms`);

const dir = mkdtempSync(join(tmpdir(), "colonies-bench-"));
console.log(`${PROCESSES} processes per run (submit + assign + closesuccessful), server in its own process`);
console.log("verify workers | executors | life cycles/s");
try {
  for (const verifyWorkers of [0, Number(process.env.BENCH_VERIFY_WORKERS ?? 1)]) {
    const serverKey = key();
    const colony = key();
    const user = key();
    const { child, client } = await startServerProcess(serverKey.prvkey, dir, verifyWorkers);
    try {
      await client.addColony({ colonyid: colony.id, name: "dev" }, serverKey.prvkey);
      await client.addUser(
        { colonyname: "dev", userid: user.id, name: "bench", email: "", phone: "" },
        colony.prvkey,
      );
      for (const executors of [1, 2, 4]) {
        const rate = await lifeCycles(client, executors, colony, user);
        console.log(
          `${String(verifyWorkers).padStart(14)} | ${String(executors).padStart(9)} | ${rate.toFixed(0)}`,
        );
      }
    } finally {
      child.kill();
      await child.exited;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
