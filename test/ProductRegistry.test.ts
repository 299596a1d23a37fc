import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  consortiumFixture,
  gtin,
  withCheckDigit,
  Role,
  GLN,
  GTIN,
  IMPLANT_GTIN,
  OTHER_GTIN,
  PREFIX,
  type System,
} from "./fixtures";
import { shouldBehaveLikePausable, type PausableTarget } from "./behaviors/pausable.behavior";
import { expectLedgerHeadReplays, memberAccounts, nonAdminAccounts, withBadCheckDigit } from "./helpers/directory";
import { walletOf } from "./helpers/devices";
import { handAdminToWallet, through } from "./helpers/scenario";

/** A GTIN under the manufacturer's prefix 0614141 that the root fixture did not register. */
const NEW_GTIN = gtin("0061414100036");
/** A GTIN under the other manufacturer's prefix 0614142 that the root fixture did not register. */
const OTHER_NEW_GTIN = gtin("0061414200026");
/** A GTIN under no assigned prefix. */
const UNOWNED_GTIN = gtin("0999999900001");
const HASH = ethers.id("gudid-record-v1");
const NEW_HASH = ethers.id("gudid-record-v2");

/** A product's stored fields in the order the tests compare them: manufacturer, tracked, implantable, metadata hash. */
async function productFields(products: System["products"], gtinValue: bigint) {
  const p = await products.product(gtinValue);
  return [p.manufacturer, p.tracked, p.implantable, p.metadataHash];
}

async function fixture() {
  const f = await consortiumFixture();
  const signers = await ethers.getSigners();
  // A key no organisation uses yet (the root fixture stops at index 10).
  return { ...f, fresh: signers[11] };
}

describe("ProductRegistry", () => {
  describe("registerProduct", () => {
    it("registers a product under the caller's company prefix", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, HASH, false, true))
        .to.emit(products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, HASH, false, true, manufacturer.address);
      const p = await products.product(NEW_GTIN);
      expect(p.manufacturer).to.equal(GLN.manufacturer);
      expect(p.tracked).to.equal(false);
      expect(p.implantable).to.equal(true);
      expect(p.metadataHash).to.equal(HASH);
    });

    it("registers for the organisation when any of its accounts signs", async () => {
      const { directory, products, fresh } = await loadFixture(fixture);
      await directory.addAccount(GLN.manufacturer, fresh);
      await expect(products.connect(fresh).registerProduct(NEW_GTIN, HASH, true, false))
        .to.emit(products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, HASH, true, false, fresh.address);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(GLN.manufacturer);
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.manufacturer, GLN.manufacturer);
      await expect(through(wallet, f.manufacturer, f.products, "registerProduct", [NEW_GTIN, HASH, true, false]))
        .to.emit(f.products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, HASH, true, false, await wallet.getAddress());
      expect((await f.products.product(NEW_GTIN)).manufacturer).to.equal(GLN.manufacturer);
      await expectLedgerHeadReplays(f.products);
    });

    it("keeps the products the root fixture registered", async () => {
      const { products } = await loadFixture(fixture);
      expect(await productFields(products, IMPLANT_GTIN)).to.deep.equal([
        GLN.manufacturer,
        true,
        true,
        ethers.id("implant-ifu"),
      ]);
      expect((await products.product(OTHER_GTIN)).manufacturer).to.equal(GLN.otherManufacturer);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    describe("when the GTIN is invalid", () => {
      const cases: [string, bigint][] = [
        ["has a wrong check digit", withBadCheckDigit(NEW_GTIN)],
        ["has 15 digits", BigInt(withCheckDigit("10061414100036"))],
        ["is zero (all-zero digits pass the mod-10 check)", 0n],
      ];
      for (const [label, value] of cases) {
        it(`reverts when the GTIN ${label}`, async () => {
          const { products, manufacturer } = await loadFixture(fixture);
          await expect(products.connect(manufacturer).registerProduct(value, HASH, true, false))
            .to.be.revertedWithCustomError(products, "ProductRegistryInvalidGtin")
            .withArgs(value);
          expect((await products.product(value)).manufacturer).to.equal(0n);
        });
      }
    });

    it("reverts when the GTIN's prefix belongs to another manufacturer", async () => {
      const { products, manufacturer, otherManufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).registerProduct(OTHER_NEW_GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(products, "ProductRegistryPrefixNotOwned")
        .withArgs(OTHER_NEW_GTIN, GLN.manufacturer);
      await expect(products.connect(otherManufacturer).registerProduct(NEW_GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(products, "ProductRegistryPrefixNotOwned")
        .withArgs(NEW_GTIN, GLN.otherManufacturer);
      expect((await products.product(OTHER_NEW_GTIN)).manufacturer).to.equal(0n);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    it("reverts when no manufacturer owns the GTIN's prefix", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).registerProduct(UNOWNED_GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(products, "ProductRegistryPrefixNotOwned")
        .withArgs(UNOWNED_GTIN, GLN.manufacturer);
      expect((await products.product(UNOWNED_GTIN)).manufacturer).to.equal(0n);
    });

    it("reverts when the product is already registered", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).registerProduct(GTIN, HASH, false, true))
        .to.be.revertedWithCustomError(products, "ProductRegistryProductExists")
        .withArgs(GTIN);
      expect(await productFields(products, GTIN)).to.deep.equal([GLN.manufacturer, true, false, ethers.id("ifu-v1")]);
    });

    it("reverts when the caller's organisation lacks the Manufacturer role", async () => {
      const f = await loadFixture(fixture);
      for (const { name, signer } of memberAccounts(f, "manufacturer", "otherManufacturer")) {
        await expect(f.products.connect(signer).registerProduct(NEW_GTIN, HASH, true, false))
          .to.be.revertedWithCustomError(f.products, "ConsortiumGatedMissingRole")
          .withArgs(GLN[name], Role.Manufacturer);
      }
      expect((await f.products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    it("reverts when the manufacturer's role was revoked", async () => {
      const { directory, products, manufacturer } = await loadFixture(fixture);
      await directory.revokeOrganisationRole(GLN.manufacturer, Role.Manufacturer);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(products, "ConsortiumGatedMissingRole")
        .withArgs(GLN.manufacturer, Role.Manufacturer);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    it("reverts when the caller belongs to no organisation", async () => {
      const { directory, products, outsider, spare } = await loadFixture(fixture);
      for (const signer of [outsider, spare]) {
        await expect(products.connect(signer).registerProduct(NEW_GTIN, HASH, true, false))
          .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
          .withArgs(signer.address);
      }
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    it("reverts when the caller's organisation is suspended", async () => {
      const { directory, products, manufacturer } = await loadFixture(fixture);
      await directory.suspendOrganisation(GLN.manufacturer);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });

    describe("when the company prefix was revoked", () => {
      it("reverts for a new product under the prefix", async () => {
        const { directory, products, manufacturer } = await loadFixture(fixture);
        await directory.revokeCompanyPrefix(PREFIX);
        await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, HASH, true, false))
          .to.be.revertedWithCustomError(products, "ProductRegistryPrefixNotOwned")
          .withArgs(NEW_GTIN, GLN.manufacturer);
        expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
      });

      it("keeps the products already registered under it, and their manufacturer may still update them", async () => {
        const { directory, products, manufacturer } = await loadFixture(fixture);
        await directory.revokeCompanyPrefix(PREFIX);
        expect((await products.product(GTIN)).manufacturer).to.equal(GLN.manufacturer);
        await expect(products.connect(manufacturer).updateProductMetadata(GTIN, NEW_HASH))
          .to.emit(products, "ProductMetadataUpdated")
          .withArgs(GTIN, GLN.manufacturer, NEW_HASH, manufacturer.address);
      });

      it("lets the manufacturer the prefix is reassigned to register new products, but not take existing ones", async () => {
        const { directory, products, otherManufacturer } = await loadFixture(fixture);
        await directory.revokeCompanyPrefix(PREFIX);
        await directory.assignCompanyPrefix(GLN.otherManufacturer, PREFIX);
        await expect(products.connect(otherManufacturer).registerProduct(NEW_GTIN, HASH, true, false))
          .to.emit(products, "ProductRegistered")
          .withArgs(NEW_GTIN, GLN.otherManufacturer, HASH, true, false, otherManufacturer.address);
        await expect(products.connect(otherManufacturer).registerProduct(GTIN, HASH, true, false))
          .to.be.revertedWithCustomError(products, "ProductRegistryProductExists")
          .withArgs(GTIN);
        expect((await products.product(GTIN)).manufacturer).to.equal(GLN.manufacturer);
      });
    });
  });

  describe("updateProductMetadata", () => {
    it("replaces the metadata hash, keeping the flags", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).updateProductMetadata(IMPLANT_GTIN, NEW_HASH))
        .to.emit(products, "ProductMetadataUpdated")
        .withArgs(IMPLANT_GTIN, GLN.manufacturer, NEW_HASH, manufacturer.address);
      expect(await productFields(products, IMPLANT_GTIN)).to.deep.equal([GLN.manufacturer, true, true, NEW_HASH]);
    });

    it("records a contract wallet as the actor when it signs for the manufacturer, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.manufacturer, GLN.manufacturer);
      await expect(through(wallet, f.manufacturer, f.products, "updateProductMetadata", [GTIN, NEW_HASH]))
        .to.emit(f.products, "ProductMetadataUpdated")
        .withArgs(GTIN, GLN.manufacturer, NEW_HASH, await wallet.getAddress());
      expect((await f.products.product(GTIN)).metadataHash).to.equal(NEW_HASH);
      await expectLedgerHeadReplays(f.products);
    });

    it("reverts when the product is not registered", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await expect(products.connect(manufacturer).updateProductMetadata(NEW_GTIN, NEW_HASH))
        .to.be.revertedWithCustomError(products, "ProductRegistryUnknownProduct")
        .withArgs(NEW_GTIN);
      expect((await products.product(NEW_GTIN)).metadataHash).to.equal(ethers.ZeroHash);
    });

    it("reverts when the caller's organisation is not the product's manufacturer", async () => {
      const f = await loadFixture(fixture);
      for (const { name, signer } of memberAccounts(f, "manufacturer")) {
        await expect(f.products.connect(signer).updateProductMetadata(GTIN, NEW_HASH))
          .to.be.revertedWithCustomError(f.products, "ProductRegistryNotManufacturer")
          .withArgs(GTIN, GLN[name]);
      }
      expect((await f.products.product(GTIN)).metadataHash).to.equal(ethers.id("ifu-v1"));
    });

    it("reverts when the caller belongs to no organisation", async () => {
      const { directory, products, outsider } = await loadFixture(fixture);
      await expect(products.connect(outsider).updateProductMetadata(GTIN, NEW_HASH))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
      expect((await products.product(GTIN)).metadataHash).to.equal(ethers.id("ifu-v1"));
    });

    it("reverts when the caller's organisation is suspended", async () => {
      const { directory, products, manufacturer } = await loadFixture(fixture);
      await directory.suspendOrganisation(GLN.manufacturer);
      await expect(products.connect(manufacturer).updateProductMetadata(GTIN, NEW_HASH))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
      expect((await products.product(GTIN)).metadataHash).to.equal(ethers.id("ifu-v1"));
    });
  });

  describe("pause", () => {
    shouldBehaveLikePausable(async () => {
      const f = await loadFixture(fixture);
      return {
        target: f.products.connect(f.admin) as unknown as PausableTarget,
        admin: f.admin,
        refused: nonAdminAccounts(f).map(({ signer }) => signer),
        refusal: [f.products, "ConsortiumGatedUnauthorised"],
        write: () => f.products.connect(f.manufacturer).registerProduct(NEW_GTIN, HASH, true, false),
      };
    });

    it("blocks metadata updates while paused", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await products.pause();
      await expect(products.connect(manufacturer).updateProductMetadata(GTIN, NEW_HASH))
        .to.be.revertedWithCustomError(products, "EnforcedPause")
        .withArgs();
      expect((await products.product(GTIN)).metadataHash).to.equal(ethers.id("ifu-v1"));
    });

    it("follows the directory's admin after an admin transfer", async () => {
      const { directory, products, admin, fresh } = await loadFixture(fixture);
      await directory.beginDefaultAdminTransfer(fresh);
      await time.increase(await directory.defaultAdminDelay());
      await directory.connect(fresh).acceptDefaultAdminTransfer();
      await expect(products.connect(admin).pause())
        .to.be.revertedWithCustomError(products, "ConsortiumGatedUnauthorised")
        .withArgs(admin.address);
      await expect(products.connect(fresh).pause()).to.emit(products, "Paused").withArgs(fresh.address);
    });

    it("records a contract wallet that is the admin as the actor of pause and unpause, in the events and the ledger head", async () => {
      const { directory, products, spare } = await loadFixture(fixture);
      const wallet = await ethers.deployContract("ContractWallet", [], spare);
      const walletAddress = await wallet.getAddress();
      await handAdminToWallet(directory, wallet, spare);
      // The wallet is the admin; the account that signs for it is not.
      await expect(through(wallet, spare, products, "pause", []))
        .to.emit(products, "Paused")
        .withArgs(walletAddress);
      expect(await products.paused()).to.equal(true);
      await expect(through(wallet, spare, products, "unpause", []))
        .to.emit(products, "Unpaused")
        .withArgs(walletAddress);
      await expectLedgerHeadReplays(products);
    });

    it("refuses a contract wallet that is not the admin, naming the wallet, even when the admin signs for it", async () => {
      const { products, admin } = await loadFixture(fixture);
      const wallet = await ethers.deployContract("ContractWallet", [], admin);
      await expect(through(wallet, admin, products, "pause", []))
        .to.be.revertedWithCustomError(products, "ConsortiumGatedUnauthorised")
        .withArgs(await wallet.getAddress());
      expect(await products.paused()).to.equal(false);
    });
  });

  describe("when a contract wallet acts for the manufacturer", () => {
    it("resolves the organisation of the wallet, not of the account that signs for it", async () => {
      const { directory, admin, products, otherManufacturer } = await loadFixture(fixture);
      // A multisig of the manufacturer, driven by a key of another manufacturer.
      const wallet = await walletOf(directory, admin, otherManufacturer, GLN.manufacturer);
      const walletAddress = await wallet.getAddress();
      await expect(through(wallet, otherManufacturer, products, "registerProduct", [NEW_GTIN, HASH, true, false]))
        .to.emit(products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, HASH, true, false, walletAddress);
      await expect(through(wallet, otherManufacturer, products, "updateProductMetadata", [NEW_GTIN, NEW_HASH]))
        .to.emit(products, "ProductMetadataUpdated")
        .withArgs(NEW_GTIN, GLN.manufacturer, NEW_HASH, walletAddress);
      expect((await products.product(NEW_GTIN)).metadataHash).to.equal(NEW_HASH);
      await expectLedgerHeadReplays(products);
    });
  });

  describe("ledger head", () => {
    it("replays from the logs after the root fixture's registrations", async () => {
      const { products } = await loadFixture(fixture);
      await expectLedgerHeadReplays(products);
      expect((await products.ledgerHead()).eventCount).to.equal(3n);
    });

    it("replays from the logs after registering a product", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await products.connect(manufacturer).registerProduct(NEW_GTIN, HASH, false, true);
      await expectLedgerHeadReplays(products);
      expect((await products.ledgerHead()).eventCount).to.equal(4n);
    });

    it("replays from the logs after updating metadata", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      await products.connect(manufacturer).updateProductMetadata(GTIN, NEW_HASH);
      await expectLedgerHeadReplays(products);
      expect((await products.ledgerHead()).eventCount).to.equal(4n);
    });

    it("replays from the logs after pausing and unpausing", async () => {
      const { products } = await loadFixture(fixture);
      await products.pause();
      await products.unpause();
      await expectLedgerHeadReplays(products);
      expect((await products.ledgerHead()).eventCount).to.equal(5n);
    });

    it("is unchanged by a reverted write", async () => {
      const { products, manufacturer } = await loadFixture(fixture);
      const before = await products.ledgerHead();
      await expect(products.connect(manufacturer).registerProduct(GTIN, HASH, true, false))
        .to.be.revertedWithCustomError(products, "ProductRegistryProductExists")
        .withArgs(GTIN);
      expect(await products.ledgerHead()).to.deep.equal(before);
    });
  });
});
