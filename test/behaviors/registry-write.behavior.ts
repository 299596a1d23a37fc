import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ConsortiumDirectory, DeviceRegistry } from "../../typechain-types";
import { MAX_BATCH, unknownIds } from "../helpers/devices";

/** What the shared checks need of a device-registry fixture. */
export interface RegistryFixture {
  devices: DeviceRegistry;
  directory: ConsortiumDirectory;
  admin: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
}

/**
 * Shared behaviour of every device-registry write (OpenZeppelin `shouldBehaveLike…` style): an account that belongs to
 * no organisation is refused with `DirectoryUnknownAccount(account)`, and while the registry is paused the allowed
 * caller gets `EnforcedPause`. `write` sends the write from `signer`; `beforePause` is what must happen first for the
 * caller to be allowed the write (default: nothing).
 */
export function shouldRefuseOutsidersAndPause<F extends RegistryFixture>(
  load: () => Promise<F>,
  caller: (f: F) => HardhatEthersSigner,
  write: (f: F, signer: HardhatEthersSigner) => Promise<ContractTransactionResponse>,
  beforePause?: (f: F) => Promise<unknown>,
): void {
  it("reverts when the caller belongs to no organisation", async () => {
    const f = await load();
    await expect(write(f, f.outsider))
      .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
      .withArgs(f.outsider.address);
  });

  it("reverts while the registry is paused", async () => {
    const f = await load();
    await beforePause?.(f);
    await f.devices.connect(f.admin).pause();
    await expect(write(f, caller(f))).to.be.revertedWithCustomError(f.devices, "EnforcedPause");
  });
}

/**
 * Shared behaviour of the device-registry writes that take a batch of devices: an empty batch is refused with
 * `DeviceRegistryEmptyBatch()`, MAX_BATCH + 1 devices with `DeviceRegistryBatchTooLarge(MAX_BATCH + 1, MAX_BATCH)`.
 * `write` sends the batch from an account allowed to make the write; `afterEmpty` checks what the refusal left.
 */
export function shouldBoundBatches<F extends RegistryFixture>(
  load: () => Promise<F>,
  write: (f: F, deviceIds: string[]) => Promise<ContractTransactionResponse>,
  afterEmpty?: (f: F) => Promise<void>,
): void {
  it("reverts when the batch is empty", async () => {
    const f = await load();
    await expect(write(f, [])).to.be.revertedWithCustomError(f.devices, "DeviceRegistryEmptyBatch").withArgs();
    await afterEmpty?.(f);
  });

  it("reverts when the batch holds MAX_BATCH + 1 devices", async () => {
    const f = await load();
    await expect(write(f, unknownIds(MAX_BATCH + 1)))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryBatchTooLarge")
      .withArgs(MAX_BATCH + 1, MAX_BATCH);
  });
}
