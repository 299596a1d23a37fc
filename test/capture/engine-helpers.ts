import Database from "better-sqlite3";
import { ethers } from "hardhat";
import { Wallet, ZeroHash } from "ethers";
import { createCaptureEngine, type CaptureEngineOptions } from "../../src/capture/engine";
import type { CaptureEvent, DeviceRef, LedgerOp } from "../../src/capture/types";
import { devAccount } from "../deploy/support/consortium";
import { GTIN, LOT } from "../fixtures";
import { sdkFixture } from "../sdk/helpers";

/** Hardhat's default accounts (anvil's too): the fixture's actors are these, by index. */
export const ACCOUNT = { manufacturer: 1, distributor: 3, hospital: 4 } as const;

/** A Wallet (the engine signs raw transactions) for one of Hardhat's accounts, on the in-process network. */
export const walletOf = (index: number): Wallet => new Wallet(devAccount(index).privateKey, ethers.provider);

export const GTIN14 = GTIN.toString().padStart(14, "0");
export const device = (serial: string): DeviceRef => ({ gtin: GTIN14, serial });

export const commission = (serials: string[], lot = LOT): LedgerOp => ({
  kind: "commission",
  gtin: GTIN14,
  lot,
  serials,
});

/** A shipment of loose devices (by serial) and containers to an organisation (a GLN as a bigint). */
export const ship = (to: bigint, serials: string[], containers: string[] = []): LedgerOp => ({
  kind: "ship",
  to: to.toString().padStart(13, "0"),
  devices: serials.map(device),
  containers,
  documentHash: ZeroHash,
  titleTransfer: true,
});

/** An event of a test document: its index and an id from it. */
export const event = (index: number, ...ops: LedgerOp[]): CaptureEvent => ({
  index,
  eventId: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
  ops,
});

/** The consortium fixture and an engine factory for an actor's key, each engine with the given journal database. */
export async function engineFixture() {
  const f = await sdkFixture();
  const engineOf = (account: number, db = new Database(":memory:"), options: Partial<CaptureEngineOptions> = {}) =>
    createCaptureEngine({ wallet: walletOf(account), manifest: f.manifest, db, ...options });
  /** Transactions an account has sent (its nonce). */
  const sentBy = (account: number) => ethers.provider.getTransactionCount(walletOf(account).address);
  return { ...f, engineOf, sentBy };
}
