import { expect } from "chai";
import { createServer, type Server } from "node:http";
import { MAX_BLOCK_RANGE, createConfig } from "../../src/indexer/config";
import { RangeTooLargeError, RpcPermanentError, RpcTransportError } from "../../src/indexer/errors";
import { createChain } from "../../src/indexer/rpc/chain";
import { createRpcClient } from "../../src/indexer/rpc/client";
import { backoffDelay } from "../../src/indexer/rpc/retry";
import { createRangeSizer } from "../../src/indexer/sync/range-sizer";
import { freePort } from "./helpers/net";

/** A JSON-RPC server on loopback that answers every request with `answer` and counts requests. */
async function fixedServer(answer: (id: unknown) => { status: number; body: string }) {
  const port = await freePort();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const { status, body } = answer((JSON.parse(Buffer.concat(chunks).toString()) as { id: unknown }).id);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const retry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 };
const error = (code: number, message: string) => (id: unknown) => ({
  status: 200,
  body: JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } }),
});

describe("JSON-RPC client", function () {
  it("does not retry a permanent JSON-RPC error", async function () {
    const server = await fixedServer(error(-32601, "the method eth_foo does not exist"));
    try {
      const rpc = createRpcClient({ url: server.url, retry });
      await rpc.request("eth_foo", []).then(
        () => expect.fail("must throw"),
        (e: unknown) => expect(e).to.be.instanceOf(RpcPermanentError).and.have.property("rpcCode", -32601),
      );
      expect(server.requests()).to.equal(1);
    } finally {
      await server.close();
    }
  });

  for (const status of [429, 500, 502, 503]) {
    it(`retries HTTP ${status} with backoff, then gives up with a retryable error naming the status`, async function () {
      const server = await fixedServer(() => ({ status, body: "busy" }));
      try {
        const rpc = createRpcClient({ url: server.url, retry });
        await rpc.request("eth_blockNumber", []).then(
          () => expect.fail("must throw"),
          (e: RpcTransportError) => {
            expect(e).to.be.instanceOf(RpcTransportError);
            expect(e.retryable).to.equal(true);
            expect(e.message).to.equal(`eth_blockNumber: HTTP status ${status}`);
          },
        );
        expect(server.requests()).to.equal(retry.attempts);
        expect(rpc.stats.retries).to.equal(retry.attempts - 1);
      } finally {
        await server.close();
      }
    });
  }

  it("turns a Besu range-limit error of eth_getLogs into RangeTooLargeError", async function () {
    const server = await fixedServer(error(-32602, "Requested range exceeds maximum range limit"));
    try {
      const chain = createChain(createRpcClient({ url: server.url, retry }));
      await chain.getLogs(["0x" + "11".repeat(20)], 100, 6_000).then(
        () => expect.fail("must throw"),
        (e: RangeTooLargeError) => {
          expect(e).to.be.instanceOf(RangeTooLargeError);
          expect([e.fromBlock, e.toBlock]).to.deep.equal([100, 6_000]);
        },
      );
      expect(server.requests()).to.equal(1);
    } finally {
      await server.close();
    }
  });

  it("times out a request that takes too long and counts it as a retried fault", async function () {
    const port = await freePort();
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const rpc = createRpcClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 30, retry: { ...retry, attempts: 2 } });
      await rpc.request("eth_chainId", []).then(
        () => expect.fail("must throw"),
        (e: RpcTransportError) => expect(e.reason).to.match(/^timeout after 30 ms/),
      );
      expect(rpc.stats.retries).to.equal(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("adaptive block ranges", function () {
  it("never exceeds the configured maximum, and the maximum never exceeds 5,000 blocks", function () {
    const sizer = createRangeSizer({ initial: 1_000, max: MAX_BLOCK_RANGE, targetLogs: 10_000 });
    for (let i = 0; i < 20; i++) sizer.success(sizer.size(), 0);
    expect(sizer.size()).to.equal(MAX_BLOCK_RANGE);
    expect(() =>
      createConfig({ rpcUrl: "http://127.0.0.1:1", manifest: {} as never, dbPath: "x", maxRange: 5_001 }),
    ).to.throw("maxRange = 5001: must be an integer in [1, 5000]");
  });

  it("halves on a refused range, takes a size the node suggests, and grows back towards the target density", function () {
    const sizer = createRangeSizer({ initial: 1_000, max: 5_000, targetLogs: 1_000 });
    sizer.tooLarge(1_000);
    expect(sizer.size()).to.equal(500);
    sizer.tooLarge(500, 120);
    expect(sizer.size()).to.equal(120);
    sizer.success(120, 60); // 0.5 logs a block: 2,000 blocks would hit the target, growth is capped at ×2
    expect(sizer.size()).to.equal(240);
    sizer.success(240, 24_000); // far too dense: shrink, at most by half
    expect(sizer.size()).to.equal(120);
  });

  it("spreads retries with full jitter under an exponential cap", function () {
    const policy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).to.deep.equal([99, 199, 399, 799, 999]);
    expect(backoffDelay({ ...policy, random: () => 0 }, 5)).to.equal(0);
  });
});
