import { ethers } from "hardhat";
import { consortiumFixture, GLN, GTIN, IMPLANT_GTIN, OTHER_GTIN, DAY } from "../fixtures";
import { ssccOf } from "../helpers/scenario";
import { pack, ship, closeShipment } from "./model-custody";
import { authoriseServiceProvider } from "./model-lifecycle";
import { commissionBatch, registerLot } from "./model-products";
import { anchor, type AnchorRequest } from "./model-recalls";
import { TARGET, emptyTouched, type ContractName, type Ctx, type ModelState } from "./types";
import { ACTOR_NAMES } from "./universe";

/**
 * Where every sequence starts: the root fixture plus a little stock, so that random commands find devices, lots,
 * a container, a container quarantined after an excursion, a delivered shipment and one still in transit (which a
 * recall may overtake) from their first step. The same steps run on the chain (once, snapshotted by
 * `loadFixture`) and through the model (at every setup).
 */

interface PreludeStep {
  actor: (typeof ACTOR_NAMES)[number];
  contract: ContractName;
  method: string;
  args: (origin: bigint) => unknown[];
  model: (s: ModelState, ctx: Ctx) => void;
}

const DOC = ethers.id("prelude-asn");
const IMPLANTS = ["S0", "S1"];
/** A temperature excursion anchored on shipment 2 while in transit: its container arrives quarantined. */
const EXCURSION: AnchorRequest = {
  target: TARGET.Shipment,
  targetId: ethers.toBeHex(2n, 32),
  root: ethers.id("prelude-telemetry"),
  recordCount: 24n,
  windowStart: 1_790_000_000n,
  windowEnd: 1_790_086_400n,
  uriHash: ethers.id("prelude-telemetry-uri"),
  excursion: true,
};

const STEPS: PreludeStep[] = [
  {
    actor: "manufacturer",
    contract: "devices",
    method: "commissionBatch",
    args: () => [1n, ["S0", "S1", "S2", "S3"]],
    model: (s, ctx) => commissionBatch(s, ctx, 1n, ["S0", "S1", "S2", "S3"]),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "registerLot",
    args: (o) => [IMPLANT_GTIN, "L-1", o - 20n * DAY, o + 30n * DAY],
    model: (s, ctx) => registerLot(s, ctx, IMPLANT_GTIN, "L-1", s.origin - 20n * DAY, s.origin + 30n * DAY),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "commissionBatch",
    args: () => [2n, IMPLANTS],
    model: (s, ctx) => commissionBatch(s, ctx, 2n, IMPLANTS),
  },
  {
    actor: "otherManufacturer",
    contract: "devices",
    method: "registerLot",
    args: (o) => [OTHER_GTIN, "L-1", o - 20n * DAY, 0n],
    model: (s, ctx) => registerLot(s, ctx, OTHER_GTIN, "L-1", s.origin - 20n * DAY, 0n),
  },
  {
    actor: "otherManufacturer",
    contract: "devices",
    method: "commissionBatch",
    args: () => [3n, ["S0", "S1"]],
    model: (s, ctx) => commissionBatch(s, ctx, 3n, ["S0", "S1"]),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "pack",
    args: () => [ssccOf(1), ids(GTIN, ["S0", "S1"])],
    model: (s, ctx) => pack(s, ctx, ssccOf(1), ids(GTIN, ["S0", "S1"])),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "ship",
    args: () => [GLN.hospital, ids(IMPLANT_GTIN, IMPLANTS), [], DOC, true],
    model: (s, ctx) => ship(s, ctx, GLN.hospital, ids(IMPLANT_GTIN, IMPLANTS), [], DOC, true),
  },
  {
    actor: "hospital",
    contract: "devices",
    method: "receiveShipment",
    args: () => [1n, ids(IMPLANT_GTIN, IMPLANTS), []],
    model: (s, ctx) => closeShipment(s, ctx, "receive", 1n, ids(IMPLANT_GTIN, IMPLANTS), []),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "pack",
    args: () => [ssccOf(2), ids(GTIN, ["S2"])],
    model: (s, ctx) => pack(s, ctx, ssccOf(2), ids(GTIN, ["S2"])),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "ship",
    args: () => [GLN.distributor, [], [ssccOf(2)], DOC, false],
    model: (s, ctx) => ship(s, ctx, GLN.distributor, [], [ssccOf(2)], DOC, false),
  },
  {
    actor: "gateway",
    contract: "anchors",
    method: "anchor",
    args: () => [EXCURSION],
    model: (s, ctx) => anchor(s, ctx, EXCURSION),
  },
  {
    actor: "distributor",
    contract: "devices",
    method: "receiveShipment",
    args: () => [2n, [], [ssccOf(2)]],
    model: (s, ctx) => closeShipment(s, ctx, "receive", 2n, [], [ssccOf(2)]),
  },
  {
    actor: "manufacturer",
    contract: "devices",
    method: "ship",
    args: () => [GLN.distributor, ids(GTIN, ["S3"]), [], DOC, true],
    model: (s, ctx) => ship(s, ctx, GLN.distributor, ids(GTIN, ["S3"]), [], DOC, true),
  },
  {
    actor: "hospital",
    contract: "lifecycle",
    method: "authoriseServiceProvider",
    args: () => [GLN.service, true],
    model: (s, ctx) => authoriseServiceProvider(s, ctx, GLN.service, true),
  },
];

function ids(gtin: bigint, serials: string[]): string[] {
  return serials.map((serial) =>
    ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint64", "string"], [gtin, serial])),
  );
}

/** The root fixture with the prelude applied on the chain. */
export async function modelFixture() {
  const f = await consortiumFixture();
  const signers = await ethers.getSigners();
  for (const step of STEPS) {
    const contract = f[step.contract].connect(signers[ACTOR_NAMES.indexOf(step.actor)]);
    await (await contract.getFunction(step.method)(...step.args(f.now))).wait();
  }
  return f;
}

/** Applies the prelude to the model of the root fixture. */
export function applyPrelude(s: ModelState, addresses: readonly string[]): void {
  for (const step of STEPS) {
    const sender = addresses[ACTOR_NAMES.indexOf(step.actor)];
    step.model(s, { sender, events: [], touched: emptyTouched(), blockTime: 0n });
  }
}
