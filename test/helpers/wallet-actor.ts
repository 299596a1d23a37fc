import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract } from "ethers";
import type { ConsortiumDirectory } from "../../typechain-types";
import { GLN } from "../fixtures";
import { walletOf } from "./devices";
import { expectLedgerHeadReplays } from "./lifecycle";
import type { LedgerHeadContract } from "./directory";
import { through } from "./scenario";

/** A fixture with the directory, its admin and the signer of organisation `O`. */
export type WalletFixture<O extends keyof typeof GLN> = {
  directory: ConsortiumDirectory;
  admin: HardhatEthersSigner;
} & {
  [K in O]: HardhatEthersSigner;
};

/**
 * Organisation `org` acts through a contract wallet of its own (a multisig stand-in: msg.sender is not tx.origin):
 * `fn(args)` on `target` emits `event` with the arguments `eventArgs` gives for the wallet as the actor, and the
 * target's ledger head, with the wallet in it, replays from its logs.
 */
export async function expectWalletActs<O extends keyof typeof GLN>(
  f: WalletFixture<O>,
  org: O,
  target: BaseContract & LedgerHeadContract,
  fn: string,
  args: unknown[],
  event: string,
  eventArgs: (actor: string) => unknown[],
): Promise<void> {
  const owner = f[org] as HardhatEthersSigner;
  const wallet = await walletOf(f.directory, f.admin, owner, GLN[org]);
  await expect(through(wallet, owner, target, fn, args))
    .to.emit(target, event)
    .withArgs(...eventArgs(await wallet.getAddress()));
  await expectLedgerHeadReplays(target);
}
