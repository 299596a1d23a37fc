import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { config } from "hardhat";
import {
  NETWORK_NAMES,
  UNSET_RPC_URL,
  confirmationsFor,
  consortiumNetworkConfig,
  readConsortiumSettings,
  redactUrl,
  type VariableSource,
} from "../../src/deploy/networks";
import { ROOT } from "./support/processes";

const KEY = `0x${"ab".repeat(32)}`;
const VALID = {
  CONSORTIUM_RPC_URL: "https://besu-1.example:8545",
  CONSORTIUM_CHAIN_ID: "1981",
  CONSORTIUM_PRIVATE_KEY: KEY,
};

/** Hardhat configuration variables held in memory. */
const varsOf = (values: Record<string, string>): VariableSource => ({
  has: (name) => name in values,
  get: (name) => values[name],
});

describe("networks", () => {
  describe("the consortium network's variables", () => {
    it("builds the network from the environment, with one confirmation and automatic gas price by default", () => {
      const { settings, problems } = readConsortiumSettings(VALID);
      expect(problems).to.deep.equal([]);
      expect(settings).to.deep.equal({
        url: VALID.CONSORTIUM_RPC_URL,
        chainId: 1981,
        privateKey: KEY,
        gasPrice: "auto",
        confirmations: 1,
      });
      expect(consortiumNetworkConfig(VALID)).to.deep.equal({
        url: VALID.CONSORTIUM_RPC_URL,
        chainId: 1981,
        accounts: [KEY],
        gasPrice: "auto",
        ignition: {},
      });
    });

    it("reads Hardhat configuration variables of the same names, the environment winning", () => {
      const { settings } = readConsortiumSettings(
        { CONSORTIUM_CHAIN_ID: "7" },
        varsOf({ ...VALID, CONSORTIUM_CONFIRMATIONS: "3" }),
      );
      expect([settings?.chainId, settings?.url, settings?.confirmations]).to.deep.equal([
        7,
        VALID.CONSORTIUM_RPC_URL,
        3,
      ]);
      expect(confirmationsFor("consortium", {}, varsOf({ ...VALID, CONSORTIUM_CONFIRMATIONS: "3" }))).to.equal(3);
      expect(confirmationsFor("localhost", { CONSORTIUM_CONFIRMATIONS: "3" })).to.equal(1);
    });

    it("supports a zero gas price for free-gas networks, for Hardhat and for Ignition", () => {
      const network = consortiumNetworkConfig({
        ...VALID,
        CONSORTIUM_GAS_PRICE: "0",
        CONSORTIUM_PRIVATE_KEY: "ab".repeat(32),
      });
      expect([network.gasPrice, network.accounts]).to.deep.equal([0, [KEY]]);
      expect(network.ignition).to.deep.equal({ gasPrice: 0n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    });

    it("names every missing variable and leaves the network pointing nowhere with no key", () => {
      const { settings, problems } = readConsortiumSettings({ CONSORTIUM_CHAIN_ID: "  " });
      expect(settings).to.equal(undefined);
      expect(problems.map((p) => p.variable)).to.deep.equal([
        "CONSORTIUM_RPC_URL",
        "CONSORTIUM_CHAIN_ID",
        "CONSORTIUM_PRIVATE_KEY",
      ]);
      expect(problems[0].message).to.equal(
        "CONSORTIUM_RPC_URL is not set (environment or Hardhat configuration variable)",
      );
      expect(consortiumNetworkConfig({})).to.deep.equal({ url: UNSET_RPC_URL, accounts: [] });
    });

    it("names each malformed variable without echoing the key or the URL's credentials", () => {
      const { problems } = readConsortiumSettings({
        CONSORTIUM_RPC_URL: "ws://user:secret@node:8546",
        CONSORTIUM_CHAIN_ID: "0x7bd",
        CONSORTIUM_PRIVATE_KEY: "0xdeadbeef",
        CONSORTIUM_GAS_PRICE: "1 gwei",
        CONSORTIUM_CONFIRMATIONS: "0",
      });
      expect(problems.map((p) => p.message)).to.deep.equal([
        'CONSORTIUM_RPC_URL "ws://node:8546" is not an http:// or https:// URL',
        'CONSORTIUM_CHAIN_ID "0x7bd" is not a positive integer',
        "CONSORTIUM_PRIVATE_KEY is not a private key (64 hex digits, 0x optional; value not shown)",
        'CONSORTIUM_GAS_PRICE "1 gwei" is neither "auto" nor a whole number of wei',
        'CONSORTIUM_CONFIRMATIONS "0" is not a whole number from 1 to 1000',
      ]);
      expect(redactUrl("https://user:secret@besu.example:8545/rpc?token=x")).to.equal("https://besu.example:8545/rpc");
    });
  });

  describe("hardhat.config.ts", () => {
    it("defines exactly the networks the deploy command accepts, localhost on 127.0.0.1:8545", () => {
      expect(Object.keys(config.networks).sort()).to.deep.equal([...NETWORK_NAMES].sort());
      expect((config.networks.localhost as { url: string }).url).to.equal("http://127.0.0.1:8545");
    });

    it("keeps the compiler pin, the paris EVM target and the matching hardfork", () => {
      const [compiler] = config.solidity.compilers;
      expect([compiler.version, compiler.settings.evmVersion]).to.deep.equal([
        "0.8.28",
        process.env.UDI_EVM_VERSION ?? "paris",
      ]);
      if (!process.env.UDI_EVM_VERSION) expect(config.networks.hardhat.hardfork).to.equal("merge");
    });

    it("wires npm run chain to hardhat node on 127.0.0.1:8545 and npm run deploy to scripts/deploy.ts", () => {
      const scripts = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
      expect(scripts.chain).to.equal("hardhat node --hostname 127.0.0.1 --port 8545");
      expect(scripts.deploy).to.match(/scripts\/deploy\.ts$/);
    });
  });
});
