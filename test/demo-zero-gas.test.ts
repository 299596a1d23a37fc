import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Transaction, Wallet, ZeroAddress } from "ethers";
import { probeGasCost, type RpcSender } from "../scripts/demo/gas";
import { demoRun } from "./helpers/demo-run";
import { startAnvil, type Anvil } from "./deploy/support/anvil";
import { childEnv } from "./deploy/support/processes";

/** Organisation accounts the demo story sends from (of nine: two only hold their organisation's role). */
const SENDERS = 7;

/** A node that answers the probe's calls from `answers`; records the raw transactions it is sent. */
function stubNode(answers: {
  block: { baseFeePerGas?: string };
  send?: (raw: string) => string;
  receipt?: { status: string } | null;
}): RpcSender & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(method: string, params: unknown[]) {
      if (method === "eth_getBlockByNumber") return answers.block;
      if (method === "eth_chainId") return "0x539";
      if (method === "eth_sendRawTransaction") {
        sent.push(params[0] as string);
        return answers.send ? answers.send(params[0] as string) : Transaction.from(params[0] as string).hash;
      }
      if (method === "eth_getTransactionReceipt") return answers.receipt ?? null;
      throw new Error(`unexpected ${method}`);
    },
  };
}

describe("demo: whether the chain charges for gas (probeGasCost)", function () {
  this.timeout(60_000);
  let free: Anvil;
  let charging: Anvil;

  before(async () => {
    [free, charging] = await Promise.all([
      startAnvil({ chainId: 4243, freeGas: true }),
      startAnvil({ chainId: 4244, freeGas: false }),
    ]);
  });

  after(async () => {
    await Promise.all([free?.stop(), charging?.stop()]);
  });

  it("anvil --gas-price 0 --base-fee 0 reports 1 gwei from eth_gasPrice, yet is free: a zero-priced transaction is mined", async () => {
    expect(BigInt(await free.provider.send("eth_gasPrice", []))).to.be.greaterThan(0n);
    const cost = await probeGasCost(free.provider);
    expect(cost).to.deep.include({ free: true, fees: { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } });
  });

  it("anvil with its default base fee charges, and nothing is sent to find out", async () => {
    const before = await charging.provider.getBlockNumber();
    const cost = await probeGasCost(charging.provider);
    expect(cost.free).to.equal(false);
    expect(cost.evidence).to.match(/^base fee [1-9]\d* wei$/);
    expect(await charging.provider.getBlockNumber()).to.equal(before);
  });

  it("a zero base fee is not enough: a node that refuses zero-priced transactions (a minimum gas price) charges", async () => {
    const node = stubNode({
      block: { baseFeePerGas: "0x0" },
      send: () => {
        throw new Error("Gas price below configured minimum gas price");
      },
    });
    const cost = await probeGasCost(node);
    expect(cost).to.deep.equal({
      free: false,
      evidence: "a zero-priced transaction was refused: Gas price below configured minimum gas price",
    });
    expect(Transaction.from(node.sent[0])).to.deep.include({ type: 2, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
  });

  it("before London (no base fee) it sends a type-0 transaction at a zero gas price, and a mined one means free", async () => {
    const node = stubNode({ block: {}, receipt: { status: "0x1" } });
    const cost = await probeGasCost(node);
    expect(cost).to.deep.include({ free: true, fees: { gasPrice: 0n } });
    const probe = Transaction.from(node.sent[0]);
    expect(probe).to.deep.include({ type: 0, gasPrice: 0n, value: 0n, chainId: 1337n, nonce: 0 });
    expect(probe.to).to.equal(probe.from).and.not.equal(ZeroAddress);
  });

  it("a zero-priced transaction left unmined means the chain charges", async () => {
    const cost = await probeGasCost(stubNode({ block: { baseFeePerGas: "0x0" }, receipt: null }), 300);
    expect(cost).to.deep.equal({ free: false, evidence: "a zero-priced transaction was not mined within 0.3 s" });
  });
});

describe("npm run demo -- --rpc on a chain where gas is free, with an unfunded CONSORTIUM_PRIVATE_KEY", function () {
  this.timeout(300_000);
  let anvil: Anvil;
  const deployer = Wallet.createRandom();

  before(async () => (anvil = await startAnvil({ chainId: 4245, freeGas: true })));
  after(async () => await anvil?.stop());
  const demo = demoRun(
    "udi-demo-zero-gas-",
    () => ["--rpc", anvil.url],
    () => childEnv({ CONSORTIUM_PRIVATE_KEY: deployer.privateKey }),
  );

  it("completes a verified run and says why no key was funded", () => {
    expect(demo.stdout).to.contain("  gas is free (a zero-priced transaction from an empty key was mined)\n");
    expect(demo.stdout).to.contain(`▸ done: ${demo.out}`);
    const summary = JSON.parse(readFileSync(path.join(demo.out, "summary.json"), "utf8"));
    expect(summary).to.deep.include({
      chainId: 4245,
      devicesCommissioned: 40,
      ledgerHeadVerified: true,
      verified: true,
      recallEffectiveness: 1,
    });
  });

  it("funds no organisation key: the deployer and every organisation account still hold nothing, yet sent", async () => {
    const config = JSON.parse(readFileSync(path.join(demo.out, "consortium.json"), "utf8")) as {
      organisations: { accounts: string[] }[];
    };
    const accounts = config.organisations.flatMap((o) => o.accounts);
    expect(accounts).to.have.length(9);
    for (const address of [deployer.address, ...accounts]) {
      expect(await anvil.provider.getBalance(address), address).to.equal(0n);
    }
    expect(await anvil.provider.getTransactionCount(deployer.address)).to.be.greaterThan(0);
    const sent = await Promise.all(accounts.map((address) => anvil.provider.getTransactionCount(address)));
    expect(sent.filter((count) => count > 0)).to.have.length(SENDERS);
  });
});
