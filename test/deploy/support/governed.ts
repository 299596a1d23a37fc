import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

/** GLNs of the seven founding members of the governed test consortium (check digits valid). */
export const FOUNDERS = [
  { gln: "0614141000012", roles: ["Manufacturer"], prefix: "0614141" },
  { gln: "0614143000010", roles: ["Distributor"] },
  { gln: "0614144000019", roles: ["HealthcareProvider"] },
  { gln: "0614146000017", roles: ["ServiceProvider"] },
  { gln: "0614147000016", roles: ["Regulator"] },
  { gln: "0614148000015", roles: ["HealthcareProvider"] },
  { gln: "0614145000018", roles: ["Distributor"] },
] as const;

/** The organisation a proposal admits in the tests. */
export const NEWCOMER = "0614149000014";

/**
 * Seven founding members on the in-process network's signers 1–7 (one account each), signer 8 the guardian, the
 * manufacturer's validator node a fresh address; votes open a block after a proposal and last 10 blocks, the quorum
 * is half the active organisations and the timelock waits an hour.
 */
export async function governedConsortium(): Promise<{ raw: Record<string, unknown>; signers: HardhatEthersSigner[] }> {
  const signers = await ethers.getSigners();
  const raw = {
    organisations: FOUNDERS.map((f, i) => ({
      name: `Founder ${i + 1}`,
      gln: f.gln,
      roles: [...f.roles],
      accounts: [signers[i + 1].address],
      ...("prefix" in f ? { companyPrefixes: [f.prefix] } : {}),
      ...(i === 0 ? { validator: "0x00000000000000000000000000000000000000a1" } : {}),
    })),
    governance: {
      votingDelayBlocks: 1,
      votingPeriodBlocks: 10,
      quorumPercent: 50,
      timelockDelaySeconds: 3600,
      guardian: signers[8].address,
    },
  };
  return { raw, signers };
}
