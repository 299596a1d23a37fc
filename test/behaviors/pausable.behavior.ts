import { ethers } from "hardhat";
import { expect } from "chai";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { membersExcept, type OrgName } from "../helpers/lifecycle";

/** A contract with the ConsortiumGated pause controls. */
export interface PausableTarget extends BaseContract {
  pause(): Promise<ContractTransactionResponse>;
  unpause(): Promise<ContractTransactionResponse>;
  paused(): Promise<boolean>;
  connect(signer: HardhatEthersSigner): PausableTarget;
}

export interface PausableContext {
  /** The contract under test, connected to the consortium admin. */
  target: PausableTarget;
  admin: HardhatEthersSigner;
  /** Accounts that must be refused (members of every role and an outsider). */
  refused: HardhatEthersSigner[];
  /** The error a refused caller gets: [contract declaring it, error name]. */
  refusal: [BaseContract, string];
  /** The error a refused unpause gets, when it differs (the directory: guardians may pause, only the admin unpause). */
  unpauseRefusal?: [BaseContract, string];
  /** One write of the contract that must be blocked while paused, sent by an account allowed to make it. */
  write: () => Promise<ContractTransactionResponse>;
}

/**
 * The context of a ConsortiumGated registry: every member account and an outsider are refused with
 * `ConsortiumGatedUnauthorised`; `write` is sent by an account allowed to make it.
 */
export function consortiumGatedPausable(
  f: Record<OrgName | "admin" | "outsider", HardhatEthersSigner>,
  target: PausableTarget,
  write: () => Promise<ContractTransactionResponse>,
): PausableContext {
  return {
    target,
    admin: f.admin,
    refused: [...membersExcept(f).map((m) => m.signer), f.outsider],
    refusal: [target, "ConsortiumGatedUnauthorised"],
    write,
  };
}

/**
 * Shared behaviour of every pausable contract (OpenZeppelin `shouldBehaveLike…` style): only the consortium admin
 * pauses and unpauses; while paused the write reverts with `EnforcedPause`; after unpause it succeeds.
 */
export function shouldBehaveLikePausable(setup: () => Promise<PausableContext>): void {
  describe("pause", () => {
    it("lets the admin pause and emits Paused", async () => {
      const { target, admin } = await setup();
      await expect(target.connect(admin).pause()).to.emit(target, "Paused").withArgs(admin.address);
      expect(await target.paused()).to.equal(true);
    });

    it("refuses pause and unpause from every non-admin account", async () => {
      const { target, admin, refused, refusal, unpauseRefusal = refusal } = await setup();
      for (const account of refused) {
        await expect(target.connect(account).pause())
          .to.be.revertedWithCustomError(refusal[0], refusal[1])
          .withArgs(
            ...(refusal[1] === "AccessControlUnauthorizedAccount"
              ? [account.address, ethers.ZeroHash]
              : [account.address]),
          );
      }
      await target.connect(admin).pause();
      for (const account of refused) {
        await expect(target.connect(account).unpause()).to.be.revertedWithCustomError(...unpauseRefusal);
      }
    });

    it("blocks writes while paused and allows them after unpause", async () => {
      const { target, admin, write } = await setup();
      await target.connect(admin).pause();
      await expect(write()).to.be.revertedWithCustomError(target, "EnforcedPause");
      await expect(target.connect(admin).unpause()).to.emit(target, "Unpaused").withArgs(admin.address);
      await expect(write()).not.to.be.reverted;
    });

    it("reverts when pausing twice or unpausing while not paused", async () => {
      const { target, admin } = await setup();
      await expect(target.connect(admin).unpause()).to.be.revertedWithCustomError(target, "ExpectedPause");
      await target.connect(admin).pause();
      await expect(target.connect(admin).pause()).to.be.revertedWithCustomError(target, "EnforcedPause");
    });
  });
}
