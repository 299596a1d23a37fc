import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { freePort } from "../indexer/helpers/net";

/** A PostgreSQL server for tests: `UDI_TEST_PG_URL`'s, or a throwaway cluster of this test process. */
/** Runs `fn` with a client connected to `url`, closed afterwards. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestPostgres {
  /** The superuser URL (user postgres, with its password). */
  url: string;
  /** Creates a fresh empty database (`udi_test_<random>` unless named) and returns its URL. */
  database(name?: string): Promise<string>;
  /** Stops the throwaway cluster and removes its directory; the next `testPostgres()` starts a new one. */
  stop(): Promise<void>;
  /** `pg_ctl restart` of the throwaway cluster (for fault tests); committed data stays, sessions are cut. */
  restart(): Promise<void>;
  /** The postmaster's pid (changes on restart); undefined on `UDI_TEST_PG_URL`. */
  readonly pid?: number;
}

const run = promisify(execFile);
const NOT_INSTALLED = "PostgreSQL server binaries not found: install Debian's postgresql package (see README)";
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const START_ATTEMPTS = 3;

let shared: Promise<TestPostgres> | undefined;

/** The test process's PostgreSQL: started on the first call, reused by later ones, stopped at process exit. */
export function testPostgres(): Promise<TestPostgres> {
  shared ??= process.env.UDI_TEST_PG_URL ? Promise.resolve(external(process.env.UDI_TEST_PG_URL)) : startCluster();
  return shared;
}

/** A server someone else runs: we only create databases on it. */
function external(url: string): TestPostgres {
  return {
    url,
    database: (name) => createDatabase(url, name),
    stop: async () => {
      shared = undefined;
    },
    restart: () =>
      Promise.reject(new Error("restart(): UDI_TEST_PG_URL names a server this test process does not run; unset it")),
  };
}

async function createDatabase(serverUrl: string, name = `udi_test_${randomBytes(6).toString("hex")}`): Promise<string> {
  if (!DATABASE_NAME.test(name)) throw new Error(`database(): name ${JSON.stringify(name)} is not [a-z_][a-z0-9_]*`);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The directory of `initdb` and `pg_ctl`: Debian's highest version, else PATH. */
function binDir(): string {
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length > 0) return join(debian, versions[0], "bin");
  const onPath = (process.env.PATH ?? "").split(delimiter).find((dir) => dir && existsSync(join(dir, "initdb")));
  if (onPath && existsSync(join(onPath, "pg_ctl"))) return onPath;
  throw new Error(NOT_INSTALLED);
}

/** initdb and the server refuse to run as root: as root, run them as the `postgres` user the package creates. */
function asServerUser(): { owner?: { uid: number; gid: number }; wrap: (argv: string[]) => string[] } {
  if (process.getuid?.() !== 0) return { wrap: (argv) => argv };
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  if (!Number.isInteger(uid) || uid === 0)
    throw new Error(`running as root, and there is no postgres user: ${NOT_INSTALLED}`);
  return { owner: { uid, gid: id("-g") }, wrap: (argv) => ["runuser", "-u", "postgres", "--", ...argv] };
}

async function startCluster(): Promise<TestPostgres> {
  const bin = binDir();
  const user = asServerUser();
  const dir = mkdtempSync(join(tmpdir(), "udi-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(18).toString("hex");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user.owner) for (const path of [dir, pwfile]) chownSync(path, user.owner.uid, user.owner.gid);
  // cwd: the server user may not be allowed into the caller's working directory. PG* variables would redirect pg_ctl.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PG")));
  const pg = async (tool: string, args: string[]) => {
    const [file, ...rest] = user.wrap([join(bin, tool), ...args]);
    try {
      await run(file, rest, { cwd: dir, env });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} failed: ${(stderr || stdout || String(error)).trim()}`, { cause: error });
    }
  };
  const stopNow = () => {
    const [file, ...rest] = user.wrap([join(bin, "pg_ctl"), "stop", "-D", data, "-m", "immediate", "-s"]);
    if (existsSync(join(data, "postmaster.pid"))) spawnSync(file, rest, { cwd: dir, env, stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stopNow();
    process.kill(process.pid, signal);
  };
  const release = () => {
    process.off("exit", stopNow);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  // A synchronous stop at exit: pg_ctl start detaches the server, so it would outlive us.
  process.on("exit", stopNow);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await pg("initdb", [
      ...["-D", data, "-U", "postgres", `--pwfile=${pwfile}`],
      ...["--auth-host=scram-sha-256", "--auth-local=trust", "--locale=C", "--encoding=UTF8", "--no-sync"],
    ]);
    const url = `postgres://postgres:${password}@127.0.0.1:${await listen(pg, data, dir)}/postgres`;
    return {
      url,
      database: (name) => createDatabase(url, name),
      async stop() {
        release();
        stopNow();
        shared = undefined;
      },
      restart: () => pg("pg_ctl", ["restart", "-D", data, "-w", "-m", "fast", "-l", join(dir, "server.log")]),
      get pid() {
        const pidFile = join(data, "postmaster.pid");
        return existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : undefined;
      },
    };
  } catch (error) {
    release();
    stopNow();
    throw error;
  }
}

/**
 * Starts the server on 127.0.0.1 and a free port (never Debian's own 5432), and returns the port. Another process may
 * take the port between our probe and the server's bind: then try another. Durability is off: a test cluster's data
 * only has to survive a server restart, not a machine crash.
 */
async function listen(pg: (tool: string, args: string[]) => Promise<void>, data: string, dir: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    if (port === 5432) continue;
    const options = [
      ...["-c listen_addresses=127.0.0.1", `-c port=${port}`, `-k '${dir}'`],
      ...["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"],
    ].join(" ");
    try {
      await pg("pg_ctl", ["start", "-D", data, "-w", "-s", "-l", join(dir, "server.log"), "-o", options]);
      return port;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) {
        const log = existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8").trim() : "";
        throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
      }
    }
  }
}
