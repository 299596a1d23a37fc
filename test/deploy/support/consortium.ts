import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HDNodeWallet, Mnemonic, type JsonRpcProvider } from "ethers";
import { ANVIL_MNEMONIC } from "./anvil";

const derived = new Map<number, HDNodeWallet>();

/** Anvil's funded development account `index`, connected to `provider`. */
export function devAccount(index: number, provider?: JsonRpcProvider): HDNodeWallet {
  if (!derived.has(index)) {
    derived.set(index, HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(ANVIL_MNEMONIC), `m/44'/60'/0'/0/${index}`));
  }
  return derived.get(index)!.connect(provider ?? null);
}

/** GLNs and the prefix of the small consortium the end-to-end tests bootstrap. */
export const E2E = {
  manufacturer: "0614141000012",
  distributor: "0614143000010",
  hospital: "0614144000019",
  regulator: "0614147000016",
  prefix: "0614141",
} as const;

export interface RawConsortium {
  adminTransferDelaySeconds: number;
  admin?: string;
  organisations: Array<Record<string, unknown>>;
}

/** A consortium config of four organisations on anvil's accounts 1–4, the admin handed to account 9. */
export function smallConsortium(): RawConsortium {
  const account = (i: number) => devAccount(i).address;
  return {
    adminTransferDelaySeconds: 3600,
    admin: account(9),
    organisations: [
      {
        name: "Maker",
        gln: E2E.manufacturer,
        roles: ["Manufacturer"],
        accounts: [account(1)],
        companyPrefixes: [E2E.prefix],
      },
      { name: "Distributor", gln: E2E.distributor, roles: ["DISTRIBUTOR"], accounts: [account(2)] },
      { name: "Hospital", gln: E2E.hospital, roles: ["healthcare-provider"], accounts: [account(3), account(5)] },
      { name: "Regulator", gln: E2E.regulator, roles: ["Regulator"], accounts: [account(4)] },
    ],
  };
}

let root: string | undefined;

/** A fresh temporary folder, under one per test process that is removed when the process exits. */
export function tempDir(tag: string): string {
  if (root === undefined) {
    const created = mkdtempSync(path.join(tmpdir(), "udi-ledger-tests-"));
    process.on("exit", () => rmSync(created, { recursive: true, force: true }));
    root = created;
  }
  return mkdtempSync(path.join(root, `${tag}-`));
}

/** Writes `value` as JSON into a fresh temporary file and returns its path. */
export function writeJson(tag: string, value: unknown): string {
  const file = path.join(tempDir(tag), `${tag}.json`);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}
