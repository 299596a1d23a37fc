import { expect } from "chai";
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { consortiumFixture, deviceIdOf, gln, DAY, GLN, GTIN, IMPLANT_GTIN, OTHER_GTIN } from "../fixtures";
import { commissionAll, deliver, idsOf, recallNotice, serialsOf, ship, ssccOf } from "../helpers/scenario";
import { HoldScope } from "../helpers/lifecycle";

/** The registry's batch cap. */
export const MAX = 400;
export const LONG = "S".repeat(21);
/** A container holding one device, and one emptied by unpacking. */
export const CASE = ssccOf(1);
export const EMPTY = ssccOf(2);
/** A valid GLN no organisation holds. */
export const NEW_GLN = gln("061415000001");
/** 401 device ids (never commissioned). */
export const ids401 = idsOf(GTIN, serialsOf("C", MAX + 1, 20));

/** A Product-scope recall notice of GTIN with some fields replaced. */
export const notice = (overrides: Record<string, unknown>) => ({
  ...recallNotice(GTIN, HoldScope.Product),
  ...overrides,
});

/**
 * The consortium with stock in every state the catalogue refers to: a loose device (stock[0]), two in transit to the
 * distributor (stock[1], stock[3], shipment 1), one packed in CASE (stock[2]), an empty container, an expired
 * device at the hospital, and the other hospital at the cap of 16 accounts.
 */
export async function malformedFixture() {
  const f = await consortiumFixture();
  const m = f.devices.connect(f.manufacturer);
  const stock = await commissionAll(f, f.lotKey, GTIN, ["M-1", "M-2", "M-3", "M-4"]);
  await m.pack(CASE, [stock[2]]);
  await m.pack(EMPTY, [stock[0]]);
  await m.unpack(EMPTY, [stock[0]]);
  const shipmentId = await ship(f, f.manufacturer, GLN.distributor, [stock[1], stock[3]]);
  await m.registerLot(IMPLANT_GTIN, "EXPIRED", f.now - 20n * DAY, f.now - 10n * DAY);
  const expiredLot = await f.devices.lotKeyOf(IMPLANT_GTIN, "EXPIRED");
  const [expired] = await commissionAll(f, expiredLot, IMPLANT_GTIN, ["X-1"]);
  await deliver(f, f.manufacturer, f.hospital, GLN.hospital, [expired]);
  // The other hospital reaches the cap of 16 signing accounts.
  for (let i = 1; i < 16; i++) await f.directory.addAccount(GLN.otherHospital, ethers.Wallet.createRandom().address);
  return { ...f, stock, expired, shipmentId };
}
export type MalformedFixture = Awaited<ReturnType<typeof malformedFixture>>;

type ContractKey = "directory" | "products" | "devices" | "lifecycle" | "recalls" | "anchors";

/** [what is refused, the call, the contract declaring the error, its name, its arguments]. */
export type Entry = [
  label: string,
  call: (f: MalformedFixture) => Promise<ContractTransactionResponse>,
  contract: ContractKey,
  error: string,
  args: (f: MalformedFixture) => unknown[],
];

const CONTRACTS: ContractKey[] = ["directory", "products", "devices", "lifecycle", "recalls", "anchors"];
/** Devices whose absence or state the entries could disturb. */
const PROBED = [deviceIdOf(GTIN, "OK-1"), deviceIdOf(GTIN, "D-1"), deviceIdOf(GTIN, "M-5"), ids401[0]];

const text = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));

/** Every ledger head, and the views of every record of the fixture and of the records the entries try to create. */
export async function snapshot(f: MalformedFixture): Promise<string[]> {
  const heads = CONTRACTS.map((name) => f[name].ledgerHead());
  const devices = [...f.stock, f.expired, ...PROBED].map((id) => f.devices.deviceState(id));
  const orgs = [...Object.values(GLN), NEW_GLN].map((g) => f.directory.organisation(g));
  const records = [
    f.devices.container(CASE),
    f.devices.container(EMPTY),
    f.devices.container(ssccOf(9)),
    f.devices.shipment(1),
    f.devices.shipment(2),
    f.devices.hold(GTIN),
    f.recalls.recall(1),
    f.devices.lot(3),
    f.directory.accountsOf(GLN.hospital),
    f.directory.accountsOf(GLN.otherHospital),
    f.directory.organisationOf(f.spare),
    f.products.product(OTHER_GTIN),
    f.directory.companyPrefixOwner(GTIN),
    f.anchors.anchorOf(1),
  ];
  return Promise.all([...heads, ...devices, ...orgs, ...records].map(async (view) => text(await view)));
}

/** Asserts the call reverts with the entry's custom error and arguments, and that nothing changed. */
export async function expectRefused(f: MalformedFixture, entry: Entry): Promise<void> {
  const [, call, contract, error, args] = entry;
  const before = await snapshot(f);
  const expected = args(f);
  const assertion = expect(call(f)).to.be.revertedWithCustomError(f[contract], error);
  await (expected.length > 0 ? assertion.withArgs(...expected) : assertion);
  expect(await snapshot(f)).to.deep.equal(before);
}
