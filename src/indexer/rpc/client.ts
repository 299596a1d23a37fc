import { IndexerError, RpcPermanentError, RpcTransportError } from "../errors";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry";

/** One JSON-RPC call. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

/** Counts of what the client saw, for progress lines and reports. */
export interface RpcStats {
  requests: number;
  retries: number;
  faults: Record<string, number>;
}

/** A raw JSON-RPC 2.0 client over Node's fetch: no ethers provider in the data path. */
export interface RpcClient {
  readonly url: string;
  readonly stats: RpcStats;
  /** One call, retried on transport faults. */
  request<T>(method: string, params: unknown[]): Promise<T>;
  /** Several calls in one HTTP request (JSON-RPC batch), retried as a whole; results in call order. */
  batch<T>(calls: RpcCall[]): Promise<T[]>;
}

export interface RpcClientOptions {
  url: string;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called before each retry, with the error being retried. */
  onRetry?: (error: unknown) => void;
}

interface JsonRpcResponse {
  id: number;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

/** Messages of JSON-RPC errors that mean "busy or not yet", worth retrying. */
const TRANSIENT_MESSAGE =
  /timeout|timed out|busy|try again|temporar|unavailable|header not found|rate limit|too many requests|capacity/i;

/** Classifies a JSON-RPC error object into a retryable or permanent error. */
export function rpcErrorOf(method: string, error: NonNullable<JsonRpcResponse["error"]>): IndexerError {
  const message = error.message ?? JSON.stringify(error);
  if (error.code === 429 || TRANSIENT_MESSAGE.test(message)) return new RpcTransportError(method, message);
  return new RpcPermanentError(method, error.code, message);
}

const faultKind = (error: unknown): string =>
  error instanceof RpcTransportError ? (error.status ? `http-${error.status}` : error.reason.split(":")[0]) : "other";

/** Creates a JSON-RPC client for `url`. */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const stats: RpcStats = { requests: 0, retries: 0, faults: {} };
  let nextId = 1;

  const onRetry = (error: unknown): void => {
    stats.retries++;
    const kind = faultKind(error);
    stats.faults[kind] = (stats.faults[kind] ?? 0) + 1;
    options.onRetry?.(error);
  };

  async function post(label: string, body: unknown): Promise<unknown> {
    stats.requests++;
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      const reason = name === "TimeoutError" || name === "AbortError" ? `timeout after ${timeoutMs} ms` : "connection";
      throw new RpcTransportError(label, `${reason}: ${(error as Error).message}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new RpcTransportError(label, `connection: body cut off: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RpcTransportError(label, `HTTP status ${response.status}`, response.status);
    }
    try {
      return JSON.parse(text);
    } catch {
      if (!response.ok) throw new RpcPermanentError(label, response.status, `HTTP status ${response.status}`);
      throw new RpcTransportError(label, `malformed JSON response (${text.length} bytes)`);
    }
  }

  async function requestOnce<T>(method: string, params: unknown[]): Promise<T> {
    const id = nextId++;
    const reply = (await post(method, { jsonrpc: "2.0", id, method, params })) as JsonRpcResponse;
    if (Array.isArray(reply) || typeof reply !== "object" || reply === null) {
      throw new RpcTransportError(method, "response is not a JSON-RPC object");
    }
    if (reply.error) throw rpcErrorOf(method, reply.error);
    if (!("result" in reply)) throw new RpcTransportError(method, "response has neither result nor error");
    return reply.result as T;
  }

  async function batchOnce<T>(calls: RpcCall[]): Promise<T[]> {
    const first = nextId;
    nextId += calls.length;
    const body = calls.map((call, i) => ({ jsonrpc: "2.0", id: first + i, method: call.method, params: call.params }));
    const label = `batch(${calls.length} × ${calls[0].method})`;
    const reply = await post(label, body);
    if (!Array.isArray(reply)) {
      const single = reply as JsonRpcResponse;
      if (single?.error) throw rpcErrorOf(label, single.error);
      throw new RpcTransportError(label, "batch response is not an array");
    }
    const byId = new Map<number, JsonRpcResponse>();
    for (const item of reply as JsonRpcResponse[]) byId.set(item.id, item);
    return calls.map((call, i) => {
      const item = byId.get(first + i);
      if (!item) throw new RpcTransportError(label, `batch response lacks id ${first + i}`);
      if (item.error) throw rpcErrorOf(call.method, item.error);
      return item.result as T;
    });
  }

  return {
    url: options.url,
    stats,
    request: <T>(method: string, params: unknown[]) => withRetry(() => requestOnce<T>(method, params), policy, onRetry),
    batch: async <T>(calls: RpcCall[]) =>
      calls.length === 0 ? [] : withRetry(() => batchOnce<T>(calls), policy, onRetry),
  };
}
