import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { openAudit, type Audit } from "../../src/indexer/audit";
import { createServeApp, type ServeAppOptions } from "../../src/serve/app";

/** Log lines a test app wrote, parsed. */
export type LogLines = Record<string, unknown>[];

/** A serve app on an indexed database (requests through `inject`), with its log lines captured. */
export async function testApp(
  dbPath: string,
  options: Partial<ServeAppOptions> = {},
): Promise<{ app: FastifyInstance; audit: Audit; logs: LogLines; close(): Promise<void> }> {
  const audit = openAudit(dbPath);
  const logs: LogLines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await createServeApp({ audit, logger: { level: "info", stream }, ...options });
  return {
    app,
    audit,
    logs,
    close: async () => {
      await app.close();
      audit.close();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts nothing in a response body looks like a stack trace. */
export const hasNoStack = (body: string): boolean => !/\n\s+at |"stack"/.test(body);
