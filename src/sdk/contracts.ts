import { Interface, type ContractRunner } from "ethers";
import { governanceOf, type ContractName, type GovernanceName, type Manifest } from "../manifest";
import {
  ConsortiumDirectory__factory,
  ConsortiumGovernor__factory,
  ConsortiumTimelock__factory,
  DataAnchorRegistry__factory,
  DeviceLifecycle__factory,
  DeviceRegistry__factory,
  ProductRegistry__factory,
  RecallRegistry__factory,
  type ConsortiumDirectory,
  type ConsortiumGovernor,
  type ConsortiumTimelock,
  type DataAnchorRegistry,
  type DeviceLifecycle,
  type DeviceRegistry,
  type ProductRegistry,
  type RecallRegistry,
} from "../contracts";

/** The TypeChain bindings of one deployment, connected to a runner. */
export interface Contracts {
  directory: ConsortiumDirectory;
  products: ProductRegistry;
  devices: DeviceRegistry;
  lifecycle: DeviceLifecycle;
  recalls: RecallRegistry;
  anchors: DataAnchorRegistry;
  /** The governance pair, when the manifest lists it (a `--governance` deployment). */
  governor?: ConsortiumGovernor;
  timelock?: ConsortiumTimelock;
}

/** The TypeChain factory of each deployable, by manifest name. */
export const FACTORIES = {
  ConsortiumDirectory: ConsortiumDirectory__factory,
  ProductRegistry: ProductRegistry__factory,
  DeviceRegistry: DeviceRegistry__factory,
  DeviceLifecycle: DeviceLifecycle__factory,
  RecallRegistry: RecallRegistry__factory,
  DataAnchorRegistry: DataAnchorRegistry__factory,
} as const satisfies Record<ContractName, unknown>;

/** Each deployable's key in {@link Contracts} and in the client (`client.directory` acts on ConsortiumDirectory). */
export const CONTRACT_KEYS = {
  ConsortiumDirectory: "directory",
  ProductRegistry: "products",
  DeviceRegistry: "devices",
  DeviceLifecycle: "lifecycle",
  RecallRegistry: "recalls",
  DataAnchorRegistry: "anchors",
} as const satisfies Record<ContractName, keyof Contracts>;

/** The governance contracts' TypeChain factories (`governor` and `timelock` in {@link Contracts}). */
export const GOVERNANCE_FACTORIES = {
  ConsortiumTimelock: ConsortiumTimelock__factory,
  ConsortiumGovernor: ConsortiumGovernor__factory,
} as const satisfies Record<GovernanceName, unknown>;

/** Connects the TypeChain bindings of every contract in the manifest. */
export function connectContracts(manifest: Manifest, runner: ContractRunner | null): Contracts {
  const connected: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(CONTRACT_KEYS) as [ContractName, keyof Contracts][]) {
    connected[key] = FACTORIES[name].connect(manifest.contracts[name].address, runner);
  }
  const governance = governanceOf(manifest);
  if (governance) {
    connected.timelock = ConsortiumTimelock__factory.connect(governance.ConsortiumTimelock.address, runner);
    connected.governor = ConsortiumGovernor__factory.connect(governance.ConsortiumGovernor.address, runner);
  }
  return connected as unknown as Contracts;
}

/** One interface holding the custom errors of every deployable (for decoding revert data from any of them). */
export const ALL_ERRORS = new Interface(
  [...Object.values(FACTORIES), ...Object.values(GOVERNANCE_FACTORIES)]
    .flatMap((factory) => factory.abi.filter((fragment) => fragment.type === "error"))
    .filter(
      (fragment, index, all) =>
        all.findIndex((f) => (f as { name: string }).name === (fragment as { name: string }).name) === index,
    ),
);
