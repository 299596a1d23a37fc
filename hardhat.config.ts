import { subtask, task, vars, type HardhatUserConfig } from "hardhat/config";
import { TASK_COMPILE, TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "./tasks";
import { consortiumNetworkConfig, localhostNetworkConfig } from "./src/deploy/networks";

/** The compiler version; the npm package `solc` is pinned to exactly this version in package.json. */
const SOLC_VERSION = "0.8.28";

/** EVM target. `paris` (no PUSH0) runs on GoQuorum and on Besu without Shanghai. Override with UDI_EVM_VERSION. */
const EVM_VERSION = process.env.UDI_EVM_VERSION ?? "paris";

/** Hardhat network hardfork that matches each EVM target, so gas and limits mirror the consortium chain. */
const HARDFORK_FOR_EVM: Record<string, string> = {
  paris: "merge",
  shanghai: "shanghai",
  cancun: "cancun",
  prague: "prague",
};

// Compile with the solc-js build shipped in node_modules: nothing is downloaded, builds are reproducible offline.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  if (!longVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`npm package solc is ${longVersion}, but hardhat.config.ts names ${SOLC_VERSION}`);
  }
  return { compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true, version: SOLC_VERSION, longVersion };
});

// Every compile regenerates the one module of contract facts (enums, errors, events, ABIs) from its output.
task(TASK_COMPILE, async (args, hre, runSuper) => {
  await runSuper(args);
  const { generateContractFacts } = await import("./scripts/contract-facts");
  await generateContractFacts(hre.config.paths.root);
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: EVM_VERSION,
    },
  },
  networks: {
    hardhat: {
      hardfork: HARDFORK_FOR_EVM[EVM_VERSION] ?? EVM_VERSION,
      // Batches commission 100+ devices; keep a realistic consortium block gas limit.
      blockGasLimit: 30_000_000,
    },
    // The embedded default chain: `npm run chain` (hardhat node, same hardfork and chain id as above).
    localhost: localhostNetworkConfig(),
    // A private consortium chain (Besu QBFT, GoQuorum), from the environment or Hardhat configuration variables:
    // CONSORTIUM_RPC_URL, CONSORTIUM_CHAIN_ID, CONSORTIUM_PRIVATE_KEY, and optionally CONSORTIUM_GAS_PRICE (wei, 0 on
    // free-gas networks) and CONSORTIUM_CONFIRMATIONS (default 1). See docs/deploying-to-besu.md.
    consortium: consortiumNetworkConfig(process.env, vars),
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  gasReporter: { enabled: process.env.REPORT_GAS === "true" },
  mocha: { timeout: 120_000 },
};

export default config;
