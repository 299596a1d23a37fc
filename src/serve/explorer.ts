import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, sep } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { problemOf, sendProblem } from "./problems";

/**
 * The audit explorer's Content-Security-Policy: its own scripts, styles and API only; nothing inline, no frames, no
 * plugins, no base or form targets elsewhere. Chain data is untrusted and is rendered as text, never as HTML; this is
 * the second line of defence.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** The explorer's pages (deep links a person bookmarks or scans), answered with its index.html when a browser asks. */
const PAGES = [
  "/devices/*",
  "/recalls",
  "/recalls/:id",
  "/organisations/:gln",
  "/lots/:gtin/:lot",
  "/shipments/:id",
  "/ledger",
  "/01/*",
];

/** The built explorer (`dist/explorer`) of the package this module belongs to, from src/serve or dist/src/serve. */
export function defaultExplorerRoot(): string | null {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) {
      const root = join(dir, "dist", "explorer");
      return existsSync(join(root, "index.html")) ? root : null;
    }
  }
  return null;
}

/** A browser navigating (it asks for HTML), as opposed to an API client (JSON, problem+json, `*` / `*`). */
const wantsHtml = (accept: string | undefined) => /(^|,)\s*text\/html\b/.test(accept ?? "");

/**
 * Serves the audit explorer (a single-page app) from `root`: `/`, its hashed `/assets/*`, and its deep links
 * (`/devices/<udi>`, `/recalls/<id>`, `/organisations/<gln>`, `/lots/<gtin>/<lot>`, `/shipments/<id>`, `/ledger`,
 * GS1 Digital Link paths `/01/…`) when the request asks for HTML. The API routes that share a path
 * (`/devices/*`, `/recalls/:id`…) keep answering every other request: the page routes carry an `explorer`
 * constraint derived from the Accept header. No token is needed for the page itself; its data needs one.
 */
export function registerExplorer(app: FastifyInstance, root: string | null = defaultExplorerRoot()): void {
  if (!root) return;
  const index = readFileSync(join(root, "index.html"));
  const html = (reply: FastifyReply) =>
    reply
      .header("Content-Security-Policy", EXPLORER_CSP)
      .header("X-Content-Type-Options", "nosniff")
      .header("Referrer-Policy", "no-referrer")
      .header("Cache-Control", "no-cache")
      .type(TYPES[".html"])
      .send(index);

  app.addConstraintStrategy({
    name: "explorer",
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (value: string) => (handlers.get(value) ?? null) as never,
        set: (value: string, store: unknown) => void handlers.set(value, store),
      };
    },
    deriveConstraint: (request) => (wantsHtml(request.headers.accept) ? "page" : ""),
    mustMatchWhenDerived: false,
  });
  const hidden = { schema: { hide: true } };
  app.get("/", hidden, async (_request, reply) => html(reply));
  for (const url of PAGES)
    app.get(url, { ...hidden, constraints: { explorer: "page" } }, async (_request, reply) => html(reply));

  app.get<{ Params: { "*": string } }>("/assets/*", hidden, async (request, reply) => {
    const name = normalize(request.params["*"]);
    const path = join(root, "assets", name);
    if (name.startsWith("..") || !path.startsWith(join(root, "assets") + sep) || !isFile(path))
      return sendProblem(reply, problemOf(404, `no explorer asset ${request.params["*"]}`, { instance: request.url }));
    return reply
      .header("X-Content-Type-Options", "nosniff")
      .header("Cache-Control", "public, max-age=31536000, immutable") // file names carry their content hash
      .type(TYPES[extname(path)] ?? "application/octet-stream")
      .send(readFileSync(path));
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
