import { id, type Signer } from "ethers";
import {
  DAY,
  GLN,
  GTIN,
  IMPLANT_GTIN,
  LOT,
  OTHER_GTIN,
  OTHER_PREFIX,
  PREFIX,
  Role,
  roleMask,
  type System,
} from "../../fixtures";
import { MEMBER_NAMES } from "../../helpers/directory";

/** The accounts a scenario acts through, by role (same order as `actors()` in the root fixture). */
export interface Members {
  admin: Signer;
  manufacturer: Signer;
  otherManufacturer: Signer;
  distributor: Signer;
  hospital: Signer;
  otherHospital: Signer;
  service: Signer;
  regulator: Signer;
  gateway: Signer;
  outsider: Signer;
  spare: Signer;
}

export const MEMBER_ORDER = ["admin", ...MEMBER_NAMES, "outsider", "spare"] as const;

/** Members from a list of signers in `MEMBER_ORDER`. */
export const membersOf = (signers: Signer[]): Members =>
  Object.fromEntries(MEMBER_ORDER.map((name, i) => [name, signers[i]])) as unknown as Members;

/** Sends a transaction and waits for its receipt. */
export const send = async (tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> => {
  await (await tx).wait();
};

/** The root fixture's consortium, admitted with plain ethers on any node: organisations, prefixes, products, lot. */
export async function admitConsortium(system: System, m: Members): Promise<{ lotKey: bigint; now: bigint }> {
  const { directory, products, devices } = system;
  const admin = directory.connect(m.admin);
  const admit: [bigint, number, Signer][] = [
    [GLN.manufacturer, Role.Manufacturer, m.manufacturer],
    [GLN.otherManufacturer, Role.Manufacturer, m.otherManufacturer],
    [GLN.distributor, Role.Distributor, m.distributor],
    [GLN.hospital, Role.HealthcareProvider, m.hospital],
    [GLN.otherHospital, Role.HealthcareProvider, m.otherHospital],
    [GLN.service, Role.ServiceProvider, m.service],
    [GLN.regulator, Role.Regulator, m.regulator],
    [GLN.gateway, Role.DataGateway, m.gateway],
  ];
  for (const [gln, role, signer] of admit) {
    await send(admin.admitOrganisation(gln, roleMask(role), await signer.getAddress()));
  }
  await send(admin.assignCompanyPrefix(GLN.manufacturer, PREFIX));
  await send(admin.assignCompanyPrefix(GLN.otherManufacturer, OTHER_PREFIX));
  await send(products.connect(m.manufacturer).registerProduct(GTIN, id("ifu-v1"), true, false));
  await send(products.connect(m.manufacturer).registerProduct(IMPLANT_GTIN, id("implant-ifu"), true, true));
  await send(products.connect(m.otherManufacturer).registerProduct(OTHER_GTIN, id("other-ifu"), false, false));
  const now = BigInt((await m.admin.provider!.getBlock("latest"))!.timestamp);
  await send(devices.connect(m.manufacturer).registerLot(GTIN, LOT, now - DAY, now + 365n * DAY));
  return { lotKey: await devices.lotKeyOf(GTIN, LOT), now };
}
