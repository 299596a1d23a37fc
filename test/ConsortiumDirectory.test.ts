import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import {
  consortiumFixture,
  deviceIdOf,
  gln,
  gtin,
  withCheckDigit,
  Role,
  roleMask,
  GLN,
  GTIN,
  OTHER_GTIN,
  PREFIX,
  DAY,
} from "./fixtures";
import { shouldBehaveLikePausable, type PausableTarget } from "./behaviors/pausable.behavior";
import {
  DEFAULT_ADMIN_ROLE,
  OrganisationStatus,
  expectLedgerHeadReplays,
  memberAccounts,
  nonAdminAccounts,
  withBadCheckDigit,
} from "./helpers/directory";
import { DEFAULT_ADMIN_TRANSFER_DELAY } from "../ignition/modules/UdiLedger";
import { handAdminToWallet, through } from "./helpers/scenario";

/** A valid GLN no organisation of the fixture uses. */
const NEW_GLN = gln("061414900001");
/** A GTIN under the manufacturer's prefix that the fixture did not register. */
const NEW_GTIN = gtin("0061414100036");
/** An OpenZeppelin role other than the admin role, to exercise grantRole / revokeRole / renounceRole. */
const AUDITOR_ROLE = ethers.id("AUDITOR_ROLE");
const DELAY = DEFAULT_ADMIN_TRANSFER_DELAY;
/** IDeviceRegistry.DeviceStatus.InTransit. */
const DEVICE_IN_TRANSIT = 2;

async function fixture() {
  const f = await consortiumFixture();
  const signers = await ethers.getSigners();
  // Keys no organisation uses yet (the fixture stops at index 10).
  const fresh = signers[11];
  const fresh2 = signers[12];
  // A multisig stand-in owned by the spare account.
  const wallet = await ethers.deployContract("ContractWallet", [], f.spare);
  return { ...f, fresh, fresh2, wallet };
}

describe("ConsortiumDirectory", () => {
  describe("deployment", () => {
    it("makes the deploying account the only admin, with the configured transfer delay", async () => {
      const { directory, admin, ...f } = await loadFixture(fixture);
      expect(await directory.defaultAdmin()).to.equal(admin.address);
      expect(await directory.isAdmin(admin.address)).to.equal(true);
      for (const { signer } of nonAdminAccounts(f)) {
        expect(await directory.isAdmin(signer.address)).to.equal(false);
      }
      expect(await directory.defaultAdminDelay()).to.equal(DELAY);
    });

    it("keeps a ledger head that replays from its first log", async () => {
      const { directory } = await loadFixture(fixture);
      await expectLedgerHeadReplays(directory);
    });
  });

  describe("admitOrganisation", () => {
    it("admits an organisation with its roles and first account", async () => {
      const { directory, admin, fresh } = await loadFixture(fixture);
      const roles = roleMask(Role.Distributor, Role.ServiceProvider);
      await expect(directory.admitOrganisation(NEW_GLN, roles, fresh))
        .to.emit(directory, "OrganisationAdmitted")
        .withArgs(NEW_GLN, roles, fresh.address, admin.address)
        .and.to.emit(directory, "AccountAdded")
        .withArgs(NEW_GLN, fresh.address, admin.address);
      const org = await directory.organisation(NEW_GLN);
      expect(org.status).to.equal(OrganisationStatus.Active);
      expect(org.roles).to.equal(roles);
      expect(org.accountCount).to.equal(1n);
      expect(await directory.organisationOf(fresh.address)).to.equal(NEW_GLN);
      expect(await directory.member(fresh.address)).to.deep.equal([NEW_GLN, BigInt(roles)]);
      expect(await directory.hasOrganisationRole(NEW_GLN, Role.Distributor)).to.equal(true);
      expect(await directory.hasOrganisationRole(NEW_GLN, Role.ServiceProvider)).to.equal(true);
      expect(await directory.hasOrganisationRole(NEW_GLN, Role.Manufacturer)).to.equal(false);
    });

    it("accepts the mask of every defined role", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      await directory.admitOrganisation(NEW_GLN, 0x7e, fresh);
      expect((await directory.organisation(NEW_GLN)).roles).to.equal(0x7e);
      for (const role of [1, 2, 3, 4, 5, 6]) {
        expect(await directory.hasOrganisationRole(NEW_GLN, role)).to.equal(true);
      }
    });

    describe("when the GLN is invalid", () => {
      const cases: [string, bigint][] = [
        ["zero", 0n],
        ["has a wrong check digit", withBadCheckDigit(NEW_GLN)],
        ["has more than 13 digits", BigInt(withCheckDigit("1061414900001"))],
      ];
      for (const [label, value] of cases) {
        it(`reverts when the GLN is ${label}`, async () => {
          const { directory, fresh } = await loadFixture(fixture);
          await expect(directory.admitOrganisation(value, roleMask(Role.Distributor), fresh))
            .to.be.revertedWithCustomError(directory, "DirectoryInvalidGln")
            .withArgs(value);
          expect((await directory.organisation(value)).status).to.equal(OrganisationStatus.None);
          expect(await directory.organisationOf(fresh.address)).to.equal(0n);
        });
      }
    });

    it("reverts when the GLN was already admitted", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      await expect(directory.admitOrganisation(GLN.distributor, roleMask(Role.Regulator), fresh))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationExists")
        .withArgs(GLN.distributor);
      const org = await directory.organisation(GLN.distributor);
      expect(org.roles).to.equal(roleMask(Role.Distributor));
      expect(org.accountCount).to.equal(1n);
      expect(await directory.organisationOf(fresh.address)).to.equal(0n);
    });

    describe("when the role mask is invalid", () => {
      const cases: [string, number][] = [
        ["empty", 0],
        ["a bit above the defined roles (0x80)", 0x80],
        ["the None bit (0x01)", 0x01],
      ];
      for (const [label, mask] of cases) {
        it(`reverts when the mask is ${label}`, async () => {
          const { directory, fresh } = await loadFixture(fixture);
          await expect(directory.admitOrganisation(NEW_GLN, mask, fresh))
            .to.be.revertedWithCustomError(directory, "DirectoryInvalidRoles")
            .withArgs(mask);
          expect((await directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.None);
        });
      }
    });

    it("reverts when the account is the zero address", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), ethers.ZeroAddress))
        .to.be.revertedWithCustomError(directory, "DirectoryZeroAccount")
        .withArgs();
      expect((await directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.None);
    });

    it("reverts when the account is bound to another organisation", async () => {
      const { directory, distributor } = await loadFixture(fixture);
      await expect(directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryAccountInUse")
        .withArgs(distributor.address, GLN.distributor);
      expect((await directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.None);
      expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
    });
  });

  describe("suspendOrganisation", () => {
    it("suspends an active organisation, keeping its roles and accounts", async () => {
      const { directory, admin, distributor } = await loadFixture(fixture);
      await expect(directory.suspendOrganisation(GLN.distributor))
        .to.emit(directory, "OrganisationSuspended")
        .withArgs(GLN.distributor, admin.address);
      const org = await directory.organisation(GLN.distributor);
      expect(org.status).to.equal(OrganisationStatus.Suspended);
      expect(org.roles).to.equal(roleMask(Role.Distributor));
      expect(org.accountCount).to.equal(1n);
      expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
      expect(await directory.hasOrganisationRole(GLN.distributor, Role.Distributor)).to.equal(false);
      // A suspended organisation, like an unknown one, has no active role bit at all.
      expect(await directory.activeRoles(GLN.distributor)).to.equal(0n);
      expect(await directory.activeRoles(NEW_GLN)).to.equal(0n);
      await expect(directory.member(distributor.address))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.distributor);
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.suspendOrganisation(NEW_GLN))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
      expect((await directory.organisation(NEW_GLN)).status).to.equal(OrganisationStatus.None);
    });

    it("reverts when the organisation is already suspended", async () => {
      const { directory } = await loadFixture(fixture);
      await directory.suspendOrganisation(GLN.distributor);
      await expect(directory.suspendOrganisation(GLN.distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.distributor);
      expect((await directory.organisation(GLN.distributor)).status).to.equal(OrganisationStatus.Suspended);
    });
  });

  describe("reactivateOrganisation", () => {
    it("reactivates a suspended organisation", async () => {
      const { directory, admin, distributor } = await loadFixture(fixture);
      await directory.suspendOrganisation(GLN.distributor);
      await expect(directory.reactivateOrganisation(GLN.distributor))
        .to.emit(directory, "OrganisationReactivated")
        .withArgs(GLN.distributor, admin.address);
      expect((await directory.organisation(GLN.distributor)).status).to.equal(OrganisationStatus.Active);
      expect(await directory.hasOrganisationRole(GLN.distributor, Role.Distributor)).to.equal(true);
      expect(await directory.member(distributor.address)).to.deep.equal([
        GLN.distributor,
        BigInt(roleMask(Role.Distributor)),
      ]);
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.reactivateOrganisation(NEW_GLN))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
    });

    it("reverts when the organisation is not suspended", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.reactivateOrganisation(GLN.distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationNotSuspended")
        .withArgs(GLN.distributor);
      expect((await directory.organisation(GLN.distributor)).status).to.equal(OrganisationStatus.Active);
    });
  });

  describe("grantOrganisationRole", () => {
    it("grants a role to an organisation", async () => {
      const { directory, admin, manufacturer } = await loadFixture(fixture);
      await expect(directory.grantOrganisationRole(GLN.manufacturer, Role.Distributor))
        .to.emit(directory, "OrganisationRoleGranted")
        .withArgs(GLN.manufacturer, Role.Distributor, admin.address);
      const roles = roleMask(Role.Manufacturer, Role.Distributor);
      expect((await directory.organisation(GLN.manufacturer)).roles).to.equal(roles);
      expect(await directory.hasOrganisationRole(GLN.manufacturer, Role.Distributor)).to.equal(true);
      expect(await directory.member(manufacturer.address)).to.deep.equal([GLN.manufacturer, BigInt(roles)]);
    });

    it("reverts with DirectoryInvalidRoles(0) for Role.None", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.grantOrganisationRole(GLN.manufacturer, Role.None))
        .to.be.revertedWithCustomError(directory, "DirectoryInvalidRoles")
        .withArgs(0);
      expect((await directory.organisation(GLN.manufacturer)).roles).to.equal(roleMask(Role.Manufacturer));
    });

    it("reverts when the organisation already has the role", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.grantOrganisationRole(GLN.manufacturer, Role.Manufacturer))
        .to.be.revertedWithCustomError(directory, "DirectoryRoleAlreadyGranted")
        .withArgs(GLN.manufacturer, Role.Manufacturer);
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.grantOrganisationRole(NEW_GLN, Role.Distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
      expect((await directory.organisation(NEW_GLN)).roles).to.equal(0);
    });
  });

  describe("revokeOrganisationRole", () => {
    it("revokes a role from an organisation", async () => {
      const { directory, admin, manufacturer } = await loadFixture(fixture);
      await directory.grantOrganisationRole(GLN.manufacturer, Role.Distributor);
      await expect(directory.revokeOrganisationRole(GLN.manufacturer, Role.Distributor))
        .to.emit(directory, "OrganisationRoleRevoked")
        .withArgs(GLN.manufacturer, Role.Distributor, admin.address);
      expect((await directory.organisation(GLN.manufacturer)).roles).to.equal(roleMask(Role.Manufacturer));
      expect(await directory.hasOrganisationRole(GLN.manufacturer, Role.Distributor)).to.equal(false);
      expect(await directory.member(manufacturer.address)).to.deep.equal([
        GLN.manufacturer,
        BigInt(roleMask(Role.Manufacturer)),
      ]);
    });

    it("reverts with DirectoryInvalidRoles(0) for Role.None", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.revokeOrganisationRole(GLN.manufacturer, Role.None))
        .to.be.revertedWithCustomError(directory, "DirectoryInvalidRoles")
        .withArgs(0);
    });

    it("reverts when the organisation does not have the role", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.revokeOrganisationRole(GLN.manufacturer, Role.Regulator))
        .to.be.revertedWithCustomError(directory, "DirectoryMissingRole")
        .withArgs(GLN.manufacturer, Role.Regulator);
      expect((await directory.organisation(GLN.manufacturer)).roles).to.equal(roleMask(Role.Manufacturer));
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.revokeOrganisationRole(NEW_GLN, Role.Distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
    });
  });

  describe("addAccount", () => {
    it("binds another account to an organisation, which can then act for it", async () => {
      const { directory, products, admin, fresh } = await loadFixture(fixture);
      await expect(directory.addAccount(GLN.manufacturer, fresh))
        .to.emit(directory, "AccountAdded")
        .withArgs(GLN.manufacturer, fresh.address, admin.address);
      expect(await directory.organisationOf(fresh.address)).to.equal(GLN.manufacturer);
      expect((await directory.organisation(GLN.manufacturer)).accountCount).to.equal(2n);
      expect(await directory.member(fresh.address)).to.deep.equal([
        GLN.manufacturer,
        BigInt(roleMask(Role.Manufacturer)),
      ]);
      await expect(products.connect(fresh).registerProduct(NEW_GTIN, ethers.id("new"), true, false))
        .to.emit(products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, ethers.id("new"), true, false, fresh.address);
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      await expect(directory.addAccount(NEW_GLN, fresh))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
      expect(await directory.organisationOf(fresh.address)).to.equal(0n);
    });

    it("reverts when the account is bound to an organisation", async () => {
      const { directory, distributor } = await loadFixture(fixture);
      await expect(directory.addAccount(GLN.manufacturer, distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryAccountInUse")
        .withArgs(distributor.address, GLN.distributor);
      expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
      expect((await directory.organisation(GLN.manufacturer)).accountCount).to.equal(1n);
    });

    it("reverts when the account is the zero address", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.addAccount(GLN.manufacturer, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(directory, "DirectoryZeroAccount")
        .withArgs();
      expect((await directory.organisation(GLN.manufacturer)).accountCount).to.equal(1n);
    });

    it("binds at most 16 accounts to an organisation, and still rotates one at the limit", async () => {
      const { directory, admin, distributor } = await loadFixture(fixture);
      const account = (i: number): string => ethers.getAddress(ethers.toBeHex(0xacc000 + i, 20));
      for (let i = 1; i <= 15; i++) await directory.addAccount(GLN.distributor, account(i));
      expect((await directory.organisation(GLN.distributor)).accountCount).to.equal(16n);
      expect(await directory.accountsOf(GLN.distributor)).to.have.lengthOf(16);
      await expect(directory.addAccount(GLN.distributor, account(16)))
        .to.be.revertedWithCustomError(directory, "DirectoryTooManyAccounts")
        .withArgs(GLN.distributor, 16);
      expect(await directory.organisationOf(account(16))).to.equal(0n);
      await expect(directory.rotateAccount(distributor, account(16)))
        .to.emit(directory, "AccountRotated")
        .withArgs(GLN.distributor, distributor.address, account(16), admin.address);
      expect((await directory.organisation(GLN.distributor)).accountCount).to.equal(16n);
    });
  });

  describe("removeAccount", () => {
    it("unbinds an account from its organisation", async () => {
      const { directory, admin, distributor } = await loadFixture(fixture);
      await expect(directory.removeAccount(distributor))
        .to.emit(directory, "AccountRemoved")
        .withArgs(GLN.distributor, distributor.address, admin.address);
      expect(await directory.organisationOf(distributor.address)).to.equal(0n);
      const org = await directory.organisation(GLN.distributor);
      expect(org.accountCount).to.equal(0n);
      expect(org.status).to.equal(OrganisationStatus.Active);
      await expect(directory.member(distributor.address))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(distributor.address);
    });

    it("reverts when the account is not bound", async () => {
      const { directory, outsider } = await loadFixture(fixture);
      await expect(directory.removeAccount(outsider))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
    });
  });

  describe("rotateAccount", () => {
    describe("when the admin rotates an account", () => {
      it("replaces the account, keeping the organisation's account count", async () => {
        const { directory, admin, distributor, fresh } = await loadFixture(fixture);
        await expect(directory.rotateAccount(distributor, fresh))
          .to.emit(directory, "AccountRotated")
          .withArgs(GLN.distributor, distributor.address, fresh.address, admin.address);
        expect(await directory.organisationOf(distributor.address)).to.equal(0n);
        expect(await directory.organisationOf(fresh.address)).to.equal(GLN.distributor);
        expect((await directory.organisation(GLN.distributor)).accountCount).to.equal(1n);
      });
    });

    describe("when the account rotates itself", () => {
      it("replaces the account, with the account as actor", async () => {
        const { directory, distributor, fresh } = await loadFixture(fixture);
        await expect(directory.connect(distributor).rotateAccount(distributor, fresh))
          .to.emit(directory, "AccountRotated")
          .withArgs(GLN.distributor, distributor.address, fresh.address, distributor.address);
        expect(await directory.organisationOf(distributor.address)).to.equal(0n);
        expect(await directory.organisationOf(fresh.address)).to.equal(GLN.distributor);
        expect((await directory.organisation(GLN.distributor)).accountCount).to.equal(1n);
      });
    });

    describe("when a contract wallet is the account", () => {
      it("lets the wallet rotate itself, recording it as the actor, in the event and the ledger head", async () => {
        const { directory, spare, wallet, fresh } = await loadFixture(fixture);
        const walletAddress = await wallet.getAddress();
        await directory.addAccount(GLN.distributor, walletAddress);
        await expect(through(wallet, spare, directory, "rotateAccount", [walletAddress, fresh.address]))
          .to.emit(directory, "AccountRotated")
          .withArgs(GLN.distributor, walletAddress, fresh.address, walletAddress);
        expect(await directory.organisationOf(walletAddress)).to.equal(0n);
        expect(await directory.organisationOf(fresh.address)).to.equal(GLN.distributor);
        await expectLedgerHeadReplays(directory);
      });

      it("names the wallet, not the account that signed, when it may not rotate the account", async () => {
        const { directory, spare, wallet, distributor, fresh } = await loadFixture(fixture);
        await expect(through(wallet, spare, directory, "rotateAccount", [distributor.address, fresh.address]))
          .to.be.revertedWithCustomError(directory, "DirectoryUnauthorisedRotation")
          .withArgs(await wallet.getAddress(), distributor.address);
        expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
      });
    });

    it("reverts when the caller is neither the admin nor the account", async () => {
      const { directory, fresh, fresh2, ...f } = await loadFixture(fixture);
      // A second key of the same organisation may not rotate its sibling either.
      await directory.addAccount(GLN.distributor, fresh2);
      const callers = [...memberAccounts(f, "distributor"), { name: "outsider", signer: f.outsider }];
      callers.push({ name: "sibling account", signer: fresh2 });
      for (const { signer } of callers) {
        await expect(directory.connect(signer).rotateAccount(f.distributor, fresh))
          .to.be.revertedWithCustomError(directory, "DirectoryUnauthorisedRotation")
          .withArgs(signer.address, f.distributor.address);
      }
      expect(await directory.organisationOf(f.distributor.address)).to.equal(GLN.distributor);
      expect(await directory.organisationOf(fresh.address)).to.equal(0n);
    });

    it("reverts when the old account is not bound", async () => {
      const { directory, outsider, fresh } = await loadFixture(fixture);
      await expect(directory.rotateAccount(outsider, fresh))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
      await expect(directory.connect(outsider).rotateAccount(outsider, fresh))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
      expect(await directory.organisationOf(fresh.address)).to.equal(0n);
    });

    it("reverts when the new account is bound to an organisation", async () => {
      const { directory, distributor, hospital } = await loadFixture(fixture);
      await expect(directory.connect(distributor).rotateAccount(distributor, hospital))
        .to.be.revertedWithCustomError(directory, "DirectoryAccountInUse")
        .withArgs(hospital.address, GLN.hospital);
      await expect(directory.rotateAccount(distributor, distributor))
        .to.be.revertedWithCustomError(directory, "DirectoryAccountInUse")
        .withArgs(distributor.address, GLN.distributor);
      expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
      expect(await directory.organisationOf(hospital.address)).to.equal(GLN.hospital);
    });

    it("reverts when the new account is the zero address", async () => {
      const { directory, distributor } = await loadFixture(fixture);
      await expect(directory.connect(distributor).rotateAccount(distributor, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(directory, "DirectoryZeroAccount")
        .withArgs();
      expect(await directory.organisationOf(distributor.address)).to.equal(GLN.distributor);
    });

    it("refuses the rotated-away key, accepts the new one and leaves custody untouched", async () => {
      const { directory, devices, manufacturer, fresh, lotKey } = await loadFixture(fixture);
      await devices.connect(manufacturer).commission(lotKey, "SN-ROT-1");
      const id = deviceIdOf(GTIN, "SN-ROT-1");
      const before = await devices.deviceState(id);

      await directory.connect(manufacturer).rotateAccount(manufacturer, fresh);

      const after = await devices.deviceState(id);
      expect(after.custodian).to.equal(GLN.manufacturer);
      expect(after.status).to.equal(before.status);
      expect(after.custodian).to.equal(before.custodian);
      await expect(devices.connect(manufacturer).commission(lotKey, "SN-ROT-2"))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(manufacturer.address);
      const id2 = deviceIdOf(GTIN, "SN-ROT-2");
      await expect(devices.connect(fresh).commission(lotKey, "SN-ROT-2"))
        .to.emit(devices, "DeviceCommissioned")
        .withArgs(id2, GTIN, "SN-ROT-2", lotKey, GLN.manufacturer, fresh.address);
      // The new key moves the organisation's existing custody.
      await expect(devices.connect(fresh).ship(GLN.distributor, [id], [], ethers.ZeroHash, true))
        .to.emit(devices, "ShipmentDispatched")
        .withArgs(1, GLN.manufacturer, GLN.distributor, [id], [], ethers.ZeroHash, true, fresh.address);
      expect((await devices.deviceState(id)).status).to.equal(DEVICE_IN_TRANSIT);
    });
  });

  describe("assignCompanyPrefix", () => {
    it("assigns a prefix to a manufacturer", async () => {
      const { directory, admin } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "0614143"))
        .to.emit(directory, "CompanyPrefixAssigned")
        .withArgs(GLN.otherManufacturer, "0614143", admin.address);
      expect(await directory.companyPrefixOwner(gtin("0061414300015"))).to.deep.equal([GLN.otherManufacturer, 7n]);
    });

    it("resolves GTINs under prefixes of every length from 4 to 12 digits", async () => {
      const { directory } = await loadFixture(fixture);
      for (let length = 4; length <= 12; length++) {
        // "8" + two digits of the length + zeros: no prefix starts another, none overlaps the fixture's.
        const prefix = ("8" + String(length).padStart(2, "0")).padEnd(length, "0");
        await directory.assignCompanyPrefix(GLN.manufacturer, prefix);
        const productGtin = gtin("5" + prefix.padEnd(12, "7"));
        expect(await directory.companyPrefixOwner(productGtin)).to.deep.equal([GLN.manufacturer, BigInt(length)]);
      }
    });

    it("treats 0614141 and 614141 as distinct prefixes", async () => {
      const { directory, admin } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "614141"))
        .to.emit(directory, "CompanyPrefixAssigned")
        .withArgs(GLN.otherManufacturer, "614141", admin.address);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.manufacturer, 7n]);
      expect(await directory.companyPrefixOwner(gtin("0614141000013"))).to.deep.equal([GLN.otherManufacturer, 6n]);
    });

    describe("when the prefix is invalid", () => {
      const cases: [string, string][] = [
        ["3 digits long", "061"],
        ["13 digits long", "0614141000001"],
        ["not all digits", "06141A1"],
      ];
      for (const [label, prefix] of cases) {
        it(`reverts when the prefix is ${label}`, async () => {
          const { directory } = await loadFixture(fixture);
          await expect(directory.assignCompanyPrefix(GLN.manufacturer, prefix))
            .to.be.revertedWithCustomError(directory, "DirectoryInvalidCompanyPrefix")
            .withArgs(prefix);
        });
      }
    });

    it("reverts when the prefix is already assigned", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, PREFIX))
        .to.be.revertedWithCustomError(directory, "DirectoryCompanyPrefixTaken")
        .withArgs(PREFIX, GLN.manufacturer);
      await expect(directory.assignCompanyPrefix(GLN.manufacturer, PREFIX))
        .to.be.revertedWithCustomError(directory, "DirectoryCompanyPrefixTaken")
        .withArgs(PREFIX, GLN.manufacturer);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.manufacturer, 7n]);
    });

    it("reverts when a shorter prefix would take over another manufacturer's GTINs", async () => {
      // GS1 company prefixes never start one another; "0614" would capture every GTIN under "0614141".
      const { directory } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "0614"))
        .to.be.revertedWithCustomError(directory, "DirectoryCompanyPrefixOverlaps")
        .withArgs("0614");
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.manufacturer, 7n]);
    });

    it("reverts when a longer prefix would sit inside an assigned one", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "06141410"))
        .to.be.revertedWithCustomError(directory, "DirectoryCompanyPrefixOverlaps")
        .withArgs("06141410");
    });

    it("allows a longer prefix once the shorter one it sat inside is revoked", async () => {
      const { directory, admin } = await loadFixture(fixture);
      await directory.revokeCompanyPrefix(PREFIX);
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "06141410"))
        .to.emit(directory, "CompanyPrefixAssigned")
        .withArgs(GLN.otherManufacturer, "06141410", admin.address);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.otherManufacturer, 8n]);
    });

    it("reverts when the organisation is not a manufacturer", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(GLN.distributor, "0614143"))
        .to.be.revertedWithCustomError(directory, "DirectoryMissingRole")
        .withArgs(GLN.distributor, Role.Manufacturer);
      expect(await directory.companyPrefixOwner(gtin("0061414300015"))).to.deep.equal([0n, 0n]);
    });

    it("reverts when the organisation is unknown", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.assignCompanyPrefix(NEW_GLN, "0614143"))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownOrganisation")
        .withArgs(NEW_GLN);
    });
  });

  describe("revokeCompanyPrefix", () => {
    it("withdraws a prefix, leaving products registered under it", async () => {
      const { directory, products, admin } = await loadFixture(fixture);
      await expect(directory.revokeCompanyPrefix(PREFIX))
        .to.emit(directory, "CompanyPrefixRevoked")
        .withArgs(GLN.manufacturer, PREFIX, admin.address);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([0n, 0n]);
      expect(await directory.companyPrefixOwner(OTHER_GTIN)).to.deep.equal([GLN.otherManufacturer, 7n]);
      expect((await products.product(GTIN)).manufacturer).to.equal(GLN.manufacturer);
    });

    it("frees the prefix for reassignment", async () => {
      const { directory } = await loadFixture(fixture);
      await directory.revokeCompanyPrefix(PREFIX);
      await directory.assignCompanyPrefix(GLN.otherManufacturer, PREFIX);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.otherManufacturer, 7n]);
    });

    it("lifts the overlap the prefix caused, so a shorter prefix it extended can be assigned", async () => {
      const { directory, admin } = await loadFixture(fixture);
      await directory.assignCompanyPrefix(GLN.manufacturer, "80123456");
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "8012"))
        .to.be.revertedWithCustomError(directory, "DirectoryCompanyPrefixOverlaps")
        .withArgs("8012");
      await directory.revokeCompanyPrefix("80123456");
      await expect(directory.assignCompanyPrefix(GLN.otherManufacturer, "8012"))
        .to.emit(directory, "CompanyPrefixAssigned")
        .withArgs(GLN.otherManufacturer, "8012", admin.address);
      expect(await directory.companyPrefixOwner(gtin("0801234560005"))).to.deep.equal([GLN.otherManufacturer, 4n]);
    });

    it("reverts when the prefix is not assigned", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.revokeCompanyPrefix("0614149"))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownCompanyPrefix")
        .withArgs("0614149");
      // Same digits without the leading zero are another prefix.
      await expect(directory.revokeCompanyPrefix("614141"))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownCompanyPrefix")
        .withArgs("614141");
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.manufacturer, 7n]);
    });

    it("reverts when the prefix is invalid", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.revokeCompanyPrefix("061"))
        .to.be.revertedWithCustomError(directory, "DirectoryInvalidCompanyPrefix")
        .withArgs("061");
    });
  });

  describe("views", () => {
    it("returns an empty organisation for an unknown GLN", async () => {
      const { directory } = await loadFixture(fixture);
      const org = await directory.organisation(NEW_GLN);
      expect(org.status).to.equal(OrganisationStatus.None);
      expect(org.roles).to.equal(0);
      expect(org.accountCount).to.equal(0n);
    });

    it("maps each account to its organisation, and others to 0", async () => {
      const { directory, outsider, spare, ...f } = await loadFixture(fixture);
      for (const { name, signer } of memberAccounts(f)) {
        expect(await directory.organisationOf(signer.address)).to.equal(GLN[name]);
      }
      expect(await directory.organisationOf(outsider.address)).to.equal(0n);
      expect(await directory.organisationOf(spare.address)).to.equal(0n);
    });

    it("resolves members to their organisation and roles", async () => {
      const { directory, regulator } = await loadFixture(fixture);
      expect(await directory.member(regulator.address)).to.deep.equal([
        GLN.regulator,
        BigInt(roleMask(Role.Regulator)),
      ]);
    });

    it("reverts member() for an account of no organisation", async () => {
      const { directory, outsider } = await loadFixture(fixture);
      await expect(directory.member(outsider.address))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(outsider.address);
    });

    it("reports a role only for an active organisation holding it", async () => {
      const { directory } = await loadFixture(fixture);
      expect(await directory.hasOrganisationRole(GLN.hospital, Role.HealthcareProvider)).to.equal(true);
      expect(await directory.hasOrganisationRole(GLN.hospital, Role.Distributor)).to.equal(false);
      expect(await directory.hasOrganisationRole(NEW_GLN, Role.HealthcareProvider)).to.equal(false);
      await directory.suspendOrganisation(GLN.hospital);
      expect(await directory.hasOrganisationRole(GLN.hospital, Role.HealthcareProvider)).to.equal(false);
    });

    it("reverts hasOrganisationRole for Role.None", async () => {
      const { directory } = await loadFixture(fixture);
      await expect(directory.hasOrganisationRole(GLN.hospital, Role.None))
        .to.be.revertedWithCustomError(directory, "DirectoryInvalidRoles")
        .withArgs(0);
    });

    it("returns no prefix owner for a GTIN under no assigned prefix", async () => {
      const { directory } = await loadFixture(fixture);
      expect(await directory.companyPrefixOwner(gtin("0999999900001"))).to.deep.equal([0n, 0n]);
      expect(await directory.companyPrefixOwner(OTHER_GTIN)).to.deep.equal([GLN.otherManufacturer, 7n]);
    });
  });

  describe("when the caller is not the admin", () => {
    const NEW_ROLES = roleMask(Role.Distributor);
    const adminCalls: [string, (f: Awaited<ReturnType<typeof fixture>>) => Promise<ContractTransactionResponse>][] = [
      ["admitOrganisation", (f) => f.directory.admitOrganisation(NEW_GLN, NEW_ROLES, f.fresh)],
      ["suspendOrganisation", (f) => f.directory.suspendOrganisation(GLN.distributor)],
      ["reactivateOrganisation", (f) => f.directory.reactivateOrganisation(GLN.distributor)],
      ["grantOrganisationRole", (f) => f.directory.grantOrganisationRole(GLN.distributor, Role.Regulator)],
      ["revokeOrganisationRole", (f) => f.directory.revokeOrganisationRole(GLN.distributor, Role.Distributor)],
      ["addAccount", (f) => f.directory.addAccount(GLN.distributor, f.fresh)],
      ["removeAccount", (f) => f.directory.removeAccount(f.distributor)],
      ["assignCompanyPrefix", (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "0614143")],
      ["revokeCompanyPrefix", (f) => f.directory.revokeCompanyPrefix(PREFIX)],
      ["unpause", (f) => f.directory.unpause()],
      ["setOrganisationValidator", (f) => f.directory.setOrganisationValidator(GLN.distributor, f.fresh)],
      ["beginDefaultAdminTransfer", (f) => f.directory.beginDefaultAdminTransfer(f.fresh)],
      ["cancelDefaultAdminTransfer", (f) => f.directory.cancelDefaultAdminTransfer()],
      ["changeDefaultAdminDelay", (f) => f.directory.changeDefaultAdminDelay(DAY)],
      ["rollbackDefaultAdminDelay", (f) => f.directory.rollbackDefaultAdminDelay()],
      ["grantRole", (f) => f.directory.grantRole(AUDITOR_ROLE, f.fresh)],
      ["revokeRole", (f) => f.directory.revokeRole(AUDITOR_ROLE, f.fresh)],
    ];
    for (const [name, call] of adminCalls) {
      it(`refuses ${name} from every role's account, the outsider and the spare`, async () => {
        const f = await loadFixture(fixture);
        const headBefore = await f.directory.ledgerHead();
        for (const { signer } of nonAdminAccounts(f)) {
          const asSigner = { ...f, directory: f.directory.connect(signer) };
          await expect(call(asSigner))
            .to.be.revertedWithCustomError(f.directory, "AccessControlUnauthorizedAccount")
            .withArgs(signer.address, DEFAULT_ADMIN_ROLE);
        }
        expect(await f.directory.ledgerHead()).to.deep.equal(headBefore);
      });
    }

    it("checks the caller before the pause: a non-admin gets AccessControlUnauthorizedAccount while paused", async () => {
      const f = await loadFixture(fixture);
      await f.directory.pause();
      for (const [name, call] of adminCalls) {
        for (const signer of [f.distributor, f.outsider]) {
          const asSigner = { ...f, directory: f.directory.connect(signer) };
          await expect(call(asSigner), name)
            .to.be.revertedWithCustomError(f.directory, "AccessControlUnauthorizedAccount")
            .withArgs(signer.address, DEFAULT_ADMIN_ROLE);
        }
      }
    });
  });

  describe("admin transfer", () => {
    async function scheduled() {
      const f = await loadFixture(fixture);
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      await f.directory.beginDefaultAdminTransfer(f.fresh);
      return { ...f, schedule: BigInt(at) + DELAY };
    }

    it("schedules a transfer to a new admin after the delay", async () => {
      const { directory, admin, fresh } = await loadFixture(fixture);
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      await expect(directory.beginDefaultAdminTransfer(fresh))
        .to.emit(directory, "DefaultAdminTransferScheduled")
        .withArgs(fresh.address, BigInt(at) + DELAY);
      expect(await directory.pendingDefaultAdmin()).to.deep.equal([fresh.address, BigInt(at) + DELAY]);
      expect(await directory.defaultAdmin()).to.equal(admin.address);
      expect(await directory.isAdmin(fresh.address)).to.equal(false);
    });

    it("reverts when the new admin accepts before the delay has passed", async () => {
      const { directory, admin, fresh, schedule } = await scheduled();
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(directory, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      await time.increaseTo(schedule - 1n);
      // The next block is at the schedule itself, which has not passed yet.
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(directory, "AccessControlEnforcedDefaultAdminDelay")
        .withArgs(schedule);
      expect(await directory.defaultAdmin()).to.equal(admin.address);
    });

    it("reverts when an account other than the pending admin accepts", async () => {
      const { directory, admin, outsider } = await scheduled();
      await time.increase(DELAY);
      for (const signer of [outsider, admin]) {
        await expect(directory.connect(signer).acceptDefaultAdminTransfer())
          .to.be.revertedWithCustomError(directory, "AccessControlInvalidDefaultAdmin")
          .withArgs(signer.address);
      }
      expect(await directory.defaultAdmin()).to.equal(admin.address);
    });

    it("hands the admin role over when accepted after the delay, leaving exactly one admin", async () => {
      const { directory, admin, fresh, ...f } = await scheduled();
      await time.increase(DELAY);
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.emit(directory, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, admin.address, fresh.address)
        .and.to.emit(directory, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, fresh.address, fresh.address);
      expect(await directory.defaultAdmin()).to.equal(fresh.address);
      expect(await directory.pendingDefaultAdmin()).to.deep.equal([ethers.ZeroAddress, 0n]);
      const admins = [];
      for (const signer of await ethers.getSigners()) {
        if (await directory.isAdmin(signer.address)) admins.push(signer.address);
      }
      expect(admins).to.deep.equal([fresh.address]);

      await expect(directory.connect(admin).admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.fresh2))
        .to.be.revertedWithCustomError(directory, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(directory.connect(admin).suspendOrganisation(GLN.distributor))
        .to.be.revertedWithCustomError(directory, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, DEFAULT_ADMIN_ROLE);
      await expect(directory.connect(admin).pause())
        .to.be.revertedWithCustomError(directory, "DirectoryUnauthorisedPause")
        .withArgs(admin.address);
      await expect(f.products.connect(admin).pause())
        .to.be.revertedWithCustomError(f.products, "ConsortiumGatedUnauthorised")
        .withArgs(admin.address);
      await expect(directory.connect(fresh).admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.fresh2))
        .to.emit(directory, "OrganisationAdmitted")
        .withArgs(NEW_GLN, roleMask(Role.Distributor), f.fresh2.address, fresh.address);
    });

    it("cancels a scheduled transfer", async () => {
      const { directory, admin, fresh } = await scheduled();
      await expect(directory.cancelDefaultAdminTransfer()).to.emit(directory, "DefaultAdminTransferCanceled");
      expect(await directory.pendingDefaultAdmin()).to.deep.equal([ethers.ZeroAddress, 0n]);
      await time.increase(DELAY);
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(directory, "AccessControlInvalidDefaultAdmin")
        .withArgs(fresh.address);
      expect(await directory.defaultAdmin()).to.equal(admin.address);
      expect(await directory.isAdmin(fresh.address)).to.equal(false);
    });

    it("replaces a pending transfer, cancelling the first", async () => {
      const { directory, fresh, fresh2 } = await scheduled();
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      await expect(directory.beginDefaultAdminTransfer(fresh2))
        .to.emit(directory, "DefaultAdminTransferCanceled")
        .and.to.emit(directory, "DefaultAdminTransferScheduled")
        .withArgs(fresh2.address, BigInt(at) + DELAY);
      await time.increase(DELAY);
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(directory, "AccessControlInvalidDefaultAdmin")
        .withArgs(fresh.address);
    });

    it("refuses to grant the admin role directly", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      await expect(directory.grantRole(DEFAULT_ADMIN_ROLE, fresh))
        .to.be.revertedWithCustomError(directory, "AccessControlEnforcedDefaultAdminRules")
        .withArgs();
      expect(await directory.isAdmin(fresh.address)).to.equal(false);
    });

    it("hands admin to a contract wallet, which then runs admin functions", async () => {
      const { directory, wallet, spare, fresh } = await loadFixture(fixture);
      const walletAddress = await wallet.getAddress();
      await handAdminToWallet(directory, wallet, spare);
      expect(await directory.defaultAdmin()).to.equal(walletAddress);

      const roles = roleMask(Role.Distributor);
      await expect(through(wallet, spare, directory, "admitOrganisation", [NEW_GLN, roles, fresh.address]))
        .to.emit(directory, "OrganisationAdmitted")
        .withArgs(NEW_GLN, roles, fresh.address, walletAddress);
      // The wallet's owner signs the transaction but is not the admin itself.
      await expect(directory.connect(spare).suspendOrganisation(NEW_GLN))
        .to.be.revertedWithCustomError(directory, "AccessControlUnauthorizedAccount")
        .withArgs(spare.address, DEFAULT_ADMIN_ROLE);
    });

    it("schedules and rolls back an admin delay change", async () => {
      const { directory } = await loadFixture(fixture);
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      // Lowering the delay waits the difference, so a transfer is never faster than the current delay.
      await expect(directory.changeDefaultAdminDelay(DAY))
        .to.emit(directory, "DefaultAdminDelayChangeScheduled")
        .withArgs(DAY, BigInt(at) + DELAY - DAY);
      expect(await directory.pendingDefaultAdminDelay()).to.deep.equal([DAY, BigInt(at) + DELAY - DAY]);
      await expect(directory.rollbackDefaultAdminDelay()).to.emit(directory, "DefaultAdminDelayChangeCanceled");
      expect(await directory.pendingDefaultAdminDelay()).to.deep.equal([0n, 0n]);
      expect(await directory.defaultAdminDelay()).to.equal(DELAY);
    });
  });

  describe("when the admin is a contract wallet", () => {
    /** The fixture with the admin role handed over to the contract wallet (owned by the spare account). */
    async function walletAdminFixture() {
      const f = await fixture();
      await handAdminToWallet(f.directory, f.wallet, f.spare);
      /** Sends `directory.fn(...args)` through the wallet, signed by its owner. */
      const viaWallet = (fn: string, args: unknown[] = []) => through(f.wallet, f.spare, f.directory, fn, args);
      return { ...f, walletAddress: await f.wallet.getAddress(), viaWallet };
    }

    it("records the wallet as the actor of every organisation write, in the events and the ledger head", async () => {
      const { directory, fresh, walletAddress: w, viaWallet } = await loadFixture(walletAdminFixture);
      const roles = roleMask(Role.Distributor);
      await expect(viaWallet("admitOrganisation", [NEW_GLN, roles, fresh.address]))
        .to.emit(directory, "OrganisationAdmitted")
        .withArgs(NEW_GLN, roles, fresh.address, w)
        .and.to.emit(directory, "AccountAdded")
        .withArgs(NEW_GLN, fresh.address, w);
      await expect(viaWallet("suspendOrganisation", [NEW_GLN]))
        .to.emit(directory, "OrganisationSuspended")
        .withArgs(NEW_GLN, w);
      await expect(viaWallet("reactivateOrganisation", [NEW_GLN]))
        .to.emit(directory, "OrganisationReactivated")
        .withArgs(NEW_GLN, w);
      await expect(viaWallet("grantOrganisationRole", [NEW_GLN, Role.Regulator]))
        .to.emit(directory, "OrganisationRoleGranted")
        .withArgs(NEW_GLN, Role.Regulator, w);
      await expect(viaWallet("revokeOrganisationRole", [NEW_GLN, Role.Regulator]))
        .to.emit(directory, "OrganisationRoleRevoked")
        .withArgs(NEW_GLN, Role.Regulator, w);
      expect(await directory.member(fresh.address)).to.deep.equal([NEW_GLN, BigInt(roles)]);
      await expectLedgerHeadReplays(directory);
    });

    it("records the wallet as the actor of every account write, in the events and the ledger head", async () => {
      const {
        directory,
        distributor,
        fresh,
        fresh2,
        walletAddress: w,
        viaWallet,
      } = await loadFixture(walletAdminFixture);
      await expect(viaWallet("addAccount", [GLN.distributor, fresh.address]))
        .to.emit(directory, "AccountAdded")
        .withArgs(GLN.distributor, fresh.address, w);
      // The wallet rotates an account that is not its own: it is the admin, the account that signed is not.
      await expect(viaWallet("rotateAccount", [fresh.address, fresh2.address]))
        .to.emit(directory, "AccountRotated")
        .withArgs(GLN.distributor, fresh.address, fresh2.address, w);
      await expect(viaWallet("removeAccount", [distributor.address]))
        .to.emit(directory, "AccountRemoved")
        .withArgs(GLN.distributor, distributor.address, w);
      expect(await directory.accountsOf(GLN.distributor)).to.deep.equal([fresh2.address]);
      await expectLedgerHeadReplays(directory);
    });

    it("records the wallet as the actor of company-prefix writes, pause and unpause, in the events and the ledger head", async () => {
      const { directory, walletAddress: w, viaWallet } = await loadFixture(walletAdminFixture);
      await expect(viaWallet("assignCompanyPrefix", [GLN.otherManufacturer, "0614143"]))
        .to.emit(directory, "CompanyPrefixAssigned")
        .withArgs(GLN.otherManufacturer, "0614143", w);
      await expect(viaWallet("revokeCompanyPrefix", ["0614143"]))
        .to.emit(directory, "CompanyPrefixRevoked")
        .withArgs(GLN.otherManufacturer, "0614143", w);
      await expect(viaWallet("pause")).to.emit(directory, "Paused").withArgs(w);
      await expect(viaWallet("unpause")).to.emit(directory, "Unpaused").withArgs(w);
      expect(await directory.companyPrefixOwner(gtin("0061414300015"))).to.deep.equal([0n, 0n]);
      await expectLedgerHeadReplays(directory);
    });
  });

  describe("OpenZeppelin's generic role functions", () => {
    /** The receipt of a transaction that must have succeeded. */
    async function succeeded(tx: ContractTransactionResponse) {
      const receipt = await tx.wait();
      expect(receipt!.status).to.equal(1);
      return receipt!;
    }

    it("grants and revokes another access-control role, emitting and chaining RoleGranted and RoleRevoked", async () => {
      const { directory, admin, fresh } = await loadFixture(fixture);
      const [, countBefore] = await directory.ledgerHead();
      await expect(directory.grantRole(AUDITOR_ROLE, fresh))
        .to.emit(directory, "RoleGranted")
        .withArgs(AUDITOR_ROLE, fresh.address, admin.address);
      expect(await directory.hasRole(AUDITOR_ROLE, fresh.address)).to.equal(true);
      await expect(directory.revokeRole(AUDITOR_ROLE, fresh))
        .to.emit(directory, "RoleRevoked")
        .withArgs(AUDITOR_ROLE, fresh.address, admin.address);
      expect(await directory.hasRole(AUDITOR_ROLE, fresh.address)).to.equal(false);
      expect((await directory.ledgerHead()).eventCount).to.equal(countBefore + 2n);
      await expectLedgerHeadReplays(directory);
    });

    it("returns without an event or a ledger entry when granting a role the account already holds", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      await directory.grantRole(AUDITOR_ROLE, fresh);
      const before = await directory.ledgerHead();
      const tx = await directory.grantRole(AUDITOR_ROLE, fresh);
      await expect(tx).not.to.emit(directory, "RoleGranted");
      expect((await succeeded(tx)).logs).to.have.lengthOf(0);
      expect(await directory.hasRole(AUDITOR_ROLE, fresh.address)).to.equal(true);
      expect(await directory.ledgerHead()).to.deep.equal(before);
      await expectLedgerHeadReplays(directory);
    });

    it("returns without an event or a ledger entry when revoking a role the account does not hold", async () => {
      const { directory, fresh, fresh2 } = await loadFixture(fixture);
      // fresh never held the role; fresh2 held it and lost it.
      await directory.grantRole(AUDITOR_ROLE, fresh2);
      await directory.revokeRole(AUDITOR_ROLE, fresh2);
      const before = await directory.ledgerHead();
      for (const account of [fresh, fresh2]) {
        const tx = await directory.revokeRole(AUDITOR_ROLE, account);
        await expect(tx).not.to.emit(directory, "RoleRevoked");
        expect((await succeeded(tx)).logs).to.have.lengthOf(0);
        expect(await directory.hasRole(AUDITOR_ROLE, account.address)).to.equal(false);
      }
      expect(await directory.ledgerHead()).to.deep.equal(before);
      await expectLedgerHeadReplays(directory);
    });

    it("returns without an event or a ledger entry when an account renounces a role it does not hold", async () => {
      const { directory, fresh } = await loadFixture(fixture);
      const before = await directory.ledgerHead();
      const tx = await directory.connect(fresh).renounceRole(AUDITOR_ROLE, fresh);
      await expect(tx).not.to.emit(directory, "RoleRevoked");
      expect((await succeeded(tx)).logs).to.have.lengthOf(0);
      expect(await directory.hasRole(AUDITOR_ROLE, fresh.address)).to.equal(false);
      expect(await directory.ledgerHead()).to.deep.equal(before);
    });
  });

  describe("pause", () => {
    shouldBehaveLikePausable(async () => {
      const f = await loadFixture(fixture);
      return {
        target: f.directory as unknown as PausableTarget,
        admin: f.admin,
        refused: nonAdminAccounts(f).map(({ signer }) => signer),
        refusal: [f.directory, "DirectoryUnauthorisedPause"],
        unpauseRefusal: [f.directory, "AccessControlUnauthorizedAccount"],
        write: () => f.directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.fresh),
      };
    });

    it("blocks every directory write while paused", async () => {
      const f = await loadFixture(fixture);
      const { directory } = f;
      await directory.suspendOrganisation(GLN.otherHospital);
      await directory.pause();
      const writes: (() => Promise<ContractTransactionResponse>)[] = [
        () => directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.fresh),
        () => directory.suspendOrganisation(GLN.distributor),
        () => directory.reactivateOrganisation(GLN.otherHospital),
        () => directory.grantOrganisationRole(GLN.distributor, Role.Regulator),
        () => directory.revokeOrganisationRole(GLN.distributor, Role.Distributor),
        () => directory.addAccount(GLN.distributor, f.fresh),
        () => directory.removeAccount(f.distributor),
        () => directory.rotateAccount(f.distributor, f.fresh),
        () => directory.connect(f.distributor).rotateAccount(f.distributor, f.fresh),
        () => directory.assignCompanyPrefix(GLN.manufacturer, "0614143"),
        () => directory.revokeCompanyPrefix(PREFIX),
        () => directory.setOrganisationValidator(GLN.distributor, f.fresh),
      ];
      for (const write of writes) {
        await expect(write()).to.be.revertedWithCustomError(directory, "EnforcedPause").withArgs();
      }
      expect(await directory.organisationOf(f.distributor.address)).to.equal(GLN.distributor);
      expect(await directory.companyPrefixOwner(GTIN)).to.deep.equal([GLN.manufacturer, 7n]);
    });

    it("leaves the admin transfer and OpenZeppelin's role functions open while paused", async () => {
      const { directory, admin, fresh, fresh2 } = await loadFixture(fixture);
      await directory.pause();
      await expect(directory.grantRole(AUDITOR_ROLE, fresh2))
        .to.emit(directory, "RoleGranted")
        .withArgs(AUDITOR_ROLE, fresh2.address, admin.address);
      await expect(directory.revokeRole(AUDITOR_ROLE, fresh2))
        .to.emit(directory, "RoleRevoked")
        .withArgs(AUDITOR_ROLE, fresh2.address, admin.address);
      await expect(directory.changeDefaultAdminDelay(DAY)).to.emit(directory, "DefaultAdminDelayChangeScheduled");
      await expect(directory.rollbackDefaultAdminDelay()).to.emit(directory, "DefaultAdminDelayChangeCanceled");
      await expect(directory.beginDefaultAdminTransfer(fresh2)).to.emit(directory, "DefaultAdminTransferScheduled");
      await expect(directory.cancelDefaultAdminTransfer()).to.emit(directory, "DefaultAdminTransferCanceled");
      await directory.beginDefaultAdminTransfer(fresh);
      await time.increase(DELAY);
      await expect(directory.connect(fresh).acceptDefaultAdminTransfer())
        .to.emit(directory, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, fresh.address, fresh.address);
      expect(await directory.defaultAdmin()).to.equal(fresh.address);
      expect(await directory.paused()).to.equal(true);
      await expectLedgerHeadReplays(directory);
    });
  });

  describe("as seen by the registries", () => {
    it("refuses a suspended organisation's account, and accepts it again once reactivated", async () => {
      const { directory, products, manufacturer } = await loadFixture(fixture);
      await directory.suspendOrganisation(GLN.manufacturer);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, ethers.id("new"), true, false))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.manufacturer);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
      await directory.reactivateOrganisation(GLN.manufacturer);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, ethers.id("new"), true, false))
        .to.emit(products, "ProductRegistered")
        .withArgs(NEW_GTIN, GLN.manufacturer, ethers.id("new"), true, false, manufacturer.address);
    });

    it("refuses a removed account", async () => {
      const { directory, products, manufacturer } = await loadFixture(fixture);
      await directory.removeAccount(manufacturer);
      await expect(products.connect(manufacturer).registerProduct(NEW_GTIN, ethers.id("new"), true, false))
        .to.be.revertedWithCustomError(directory, "DirectoryUnknownAccount")
        .withArgs(manufacturer.address);
      expect((await products.product(NEW_GTIN)).manufacturer).to.equal(0n);
    });
  });

  describe("ledger head", () => {
    type F = Awaited<ReturnType<typeof fixture>>;
    const operations: [string, (f: F) => Promise<unknown>][] = [
      ["admitting an organisation", (f) => f.directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.fresh)],
      ["suspending an organisation", (f) => f.directory.suspendOrganisation(GLN.distributor)],
      [
        "reactivating an organisation",
        async (f) => {
          await f.directory.suspendOrganisation(GLN.distributor);
          await f.directory.reactivateOrganisation(GLN.distributor);
        },
      ],
      ["granting an organisation role", (f) => f.directory.grantOrganisationRole(GLN.distributor, Role.Regulator)],
      ["revoking an organisation role", (f) => f.directory.revokeOrganisationRole(GLN.distributor, Role.Distributor)],
      ["adding an account", (f) => f.directory.addAccount(GLN.distributor, f.fresh)],
      ["removing an account", (f) => f.directory.removeAccount(f.distributor)],
      ["rotating an account as admin", (f) => f.directory.rotateAccount(f.distributor, f.fresh)],
      ["rotating an account itself", (f) => f.directory.connect(f.distributor).rotateAccount(f.distributor, f.fresh)],
      ["assigning a company prefix", (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "0614143")],
      ["revoking a company prefix", (f) => f.directory.revokeCompanyPrefix(PREFIX)],
      [
        "pausing and unpausing",
        async (f) => {
          await f.directory.pause();
          await f.directory.unpause();
        },
      ],
      ["scheduling an admin transfer", (f) => f.directory.beginDefaultAdminTransfer(f.fresh)],
      [
        "replacing a pending admin transfer",
        async (f) => {
          await f.directory.beginDefaultAdminTransfer(f.fresh);
          await f.directory.beginDefaultAdminTransfer(f.fresh2);
        },
      ],
      [
        "cancelling an admin transfer",
        async (f) => {
          await f.directory.beginDefaultAdminTransfer(f.fresh);
          await f.directory.cancelDefaultAdminTransfer();
        },
      ],
      [
        "accepting an admin transfer",
        async (f) => {
          await f.directory.beginDefaultAdminTransfer(f.fresh);
          await time.increase(DELAY);
          await f.directory.connect(f.fresh).acceptDefaultAdminTransfer();
        },
      ],
      [
        "renouncing the admin role",
        async (f) => {
          await f.directory.beginDefaultAdminTransfer(ethers.ZeroAddress);
          await time.increase(DELAY);
          await f.directory.renounceRole(DEFAULT_ADMIN_ROLE, f.admin);
        },
      ],
      ["scheduling an admin delay change", (f) => f.directory.changeDefaultAdminDelay(DAY)],
      [
        "replacing a pending admin delay change",
        async (f) => {
          await f.directory.changeDefaultAdminDelay(DAY);
          await f.directory.changeDefaultAdminDelay(3n * DAY);
        },
      ],
      [
        "rolling back an admin delay change",
        async (f) => {
          await f.directory.changeDefaultAdminDelay(DAY);
          await f.directory.rollbackDefaultAdminDelay();
        },
      ],
      [
        "granting, revoking and renouncing another access-control role",
        async (f) => {
          await f.directory.grantRole(AUDITOR_ROLE, f.fresh);
          await f.directory.revokeRole(AUDITOR_ROLE, f.fresh);
          await f.directory.grantRole(AUDITOR_ROLE, f.fresh2);
          await f.directory.connect(f.fresh2).renounceRole(AUDITOR_ROLE, f.fresh2);
        },
      ],
    ];
    for (const [label, operation] of operations) {
      it(`replays from the logs after ${label}`, async () => {
        const f = await loadFixture(fixture);
        const [, countBefore] = await f.directory.ledgerHead();
        await operation(f);
        const [, countAfter] = await f.directory.ledgerHead();
        expect(countAfter).to.be.greaterThan(countBefore);
        await expectLedgerHeadReplays(f.directory);
      });
    }

    it("is unchanged by a reverted write", async () => {
      const { directory } = await loadFixture(fixture);
      const before = await directory.ledgerHead();
      await expect(directory.admitOrganisation(GLN.distributor, roleMask(Role.Distributor), ethers.ZeroAddress))
        .to.be.revertedWithCustomError(directory, "DirectoryOrganisationExists")
        .withArgs(GLN.distributor);
      expect(await directory.ledgerHead()).to.deep.equal(before);
    });
  });
});
