import { Interface, type ContractRunner } from "ethers";
import type { ContractName, Manifest } from "../manifest";
import { ConsortiumDirectory__factory } from "../../typechain-types/factories/contracts/ConsortiumDirectory__factory";
import { DataAnchorRegistry__factory } from "../../typechain-types/factories/contracts/DataAnchorRegistry__factory";
import { DeviceLifecycle__factory } from "../../typechain-types/factories/contracts/DeviceLifecycle__factory";
import { DeviceRegistry__factory } from "../../typechain-types/factories/contracts/DeviceRegistry__factory";
import { ProductRegistry__factory } from "../../typechain-types/factories/contracts/ProductRegistry__factory";
import { RecallRegistry__factory } from "../../typechain-types/factories/contracts/RecallRegistry__factory";
import type {
  ConsortiumDirectory,
  DataAnchorRegistry,
  DeviceLifecycle,
  DeviceRegistry,
  ProductRegistry,
  RecallRegistry,
} from "../../typechain-types";

/** The TypeChain bindings of one deployment, connected to a runner. */
export interface Contracts {
  directory: ConsortiumDirectory;
  products: ProductRegistry;
  devices: DeviceRegistry;
  lifecycle: DeviceLifecycle;
  recalls: RecallRegistry;
  anchors: DataAnchorRegistry;
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

/** Connects the TypeChain bindings of every contract in the manifest. */
export function connectContracts(manifest: Manifest, runner: ContractRunner | null): Contracts {
  const at = (name: ContractName) => manifest.contracts[name].address;
  return {
    directory: ConsortiumDirectory__factory.connect(at("ConsortiumDirectory"), runner),
    products: ProductRegistry__factory.connect(at("ProductRegistry"), runner),
    devices: DeviceRegistry__factory.connect(at("DeviceRegistry"), runner),
    lifecycle: DeviceLifecycle__factory.connect(at("DeviceLifecycle"), runner),
    recalls: RecallRegistry__factory.connect(at("RecallRegistry"), runner),
    anchors: DataAnchorRegistry__factory.connect(at("DataAnchorRegistry"), runner),
  };
}

/** One interface holding the custom errors of every deployable (for decoding revert data from any of them). */
export const ALL_ERRORS = new Interface(
  Object.values(FACTORIES)
    .flatMap((factory) => factory.abi.filter((fragment) => fragment.type === "error"))
    .filter(
      (fragment, index, all) =>
        all.findIndex((f) => (f as { name: string }).name === (fragment as { name: string }).name) === index,
    ),
);
