import { ethers } from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { consortiumGatedPausable, shouldBehaveLikePausable } from "./behaviors/pausable.behavior";
import { walletOf } from "./helpers/devices";
import { deviceIdOf, Role, GLN, GTIN, DAY } from "./fixtures";
import {
  deliveredFixture,
  deliver,
  ship,
  membersExcept,
  recallNotice,
  expectLedgerHeadReplays,
  DeviceStatus,
  ServiceOutcome,
  CARE_SITE,
  SSCC_A,
  UNKNOWN_GLN,
} from "./helpers/lifecycle";
import { through } from "./helpers/scenario";

const COMMITMENT = ethers.id("salted-procedure-record");
const EXPLANT_COMMITMENT = ethers.id("salted-explant-record");
const REPORT = ethers.id("service-report");
const IMAGE = ethers.id("firmware-2.1.0");
const REASON = ethers.id("visual-damage");
const UNKNOWN_DEVICE = deviceIdOf(GTIN, "NEVER-COMMISSIONED");

describe("DeviceLifecycle", () => {
  /** Devices delivered to the hospital, plus one device of a lot expiring in ten days, also at the hospital. */
  async function fixture() {
    const f = await deliveredFixture();
    const { devices, manufacturer, hospital, now } = f;
    const expiresAt = now + 10n * DAY;
    await devices.connect(manufacturer).registerLot(GTIN, "LOT-SHORT", Number(now - DAY), Number(expiresAt));
    const shortLot = await devices.lotKeyOf(GTIN, "LOT-SHORT");
    await devices.connect(manufacturer).commission(shortLot, "SN-S1");
    const expiringDevice = deviceIdOf(GTIN, "SN-S1");
    await deliver(devices, manufacturer, hospital, GLN.hospital, [expiringDevice]);
    const [device, second] = f.atHospital;
    return { ...f, device, second, expiringDevice, expiresAt };
  }

  async function statusOf(f: Awaited<ReturnType<typeof fixture>>, id: string): Promise<bigint> {
    return (await f.devices.deviceState(id)).status;
  }

  describe("install", () => {
    it("installs a loose active device at a care site and emits DeviceInstalled", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.emit(f.lifecycle, "DeviceInstalled")
        .withArgs(f.device, CARE_SITE, COMMITMENT, GLN.hospital, f.hospital.address);
      const state = await f.devices.deviceState(f.device);
      expect(state.status).to.equal(DeviceStatus.Installed);
      expect(state.custodian).to.equal(GLN.hospital);
      expect(await statusOf(f, f.second)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the caller's organisation is not a healthcare provider", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital", "otherHospital")) {
        await expect(f.lifecycle.connect(m.signer).install(f.device, CARE_SITE, COMMITMENT))
          .to.be.revertedWithCustomError(f.lifecycle, "ConsortiumGatedMissingRole")
          .withArgs(m.gln, Role.HealthcareProvider);
      }
      await expect(f.lifecycle.connect(f.manufacturer).install(f.inStock[0], CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "ConsortiumGatedMissingRole")
        .withArgs(GLN.manufacturer, Role.HealthcareProvider);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
      expect(await statusOf(f, f.inStock[0])).to.equal(DeviceStatus.Active);
    });

    it("reverts when the caller is an outsider", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.outsider).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
    });

    it("reverts when the caller's organisation is suspended", async () => {
      const f = await loadFixture(fixture);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.hospital);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.directory, "DirectoryOrganisationSuspended")
        .withArgs(GLN.hospital);
    });

    it("reverts when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.otherHospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
        .withArgs(f.device, GLN.otherHospital);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is packed in a container", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
        .withArgs(f.device, SSCC_A);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is already installed", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Installed);
    });

    it("reverts when the device is quarantined", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Quarantined);
    });

    it("reverts when the device is in transit", async () => {
      const f = await loadFixture(fixture);
      await ship(f.devices, f.hospital, GLN.otherHospital, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.InTransit);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.InTransit);
    });

    it("reverts when the care site is not a valid GLN", async () => {
      const f = await loadFixture(fixture);
      const badCheckDigit = CARE_SITE + 1n;
      for (const careSite of [0n, badCheckDigit, 12345678901234n]) {
        await expect(f.lifecycle.connect(f.hospital).install(f.device, careSite, COMMITMENT))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidCareSite")
          .withArgs(careSite);
      }
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the procedure commitment is zero", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleZeroHash")
        .withArgs(f.device);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    describe("when the device's lot expires", () => {
      it("installs at the last instant of the lot's life", async () => {
        const f = await loadFixture(fixture);
        await time.setNextBlockTimestamp(f.expiresAt);
        await expect(f.lifecycle.connect(f.hospital).install(f.expiringDevice, CARE_SITE, COMMITMENT))
          .to.emit(f.lifecycle, "DeviceInstalled")
          .withArgs(f.expiringDevice, CARE_SITE, COMMITMENT, GLN.hospital, f.hospital.address);
        expect(await statusOf(f, f.expiringDevice)).to.equal(DeviceStatus.Installed);
      });

      it("reverts once the lot has expired", async () => {
        const f = await loadFixture(fixture);
        expect((await f.devices.deviceState(f.expiringDevice)).expired).to.equal(false);
        await time.increaseTo(f.expiresAt + 1n);
        expect((await f.devices.deviceState(f.expiringDevice)).expired).to.equal(true);
        await expect(f.lifecycle.connect(f.hospital).install(f.expiringDevice, CARE_SITE, COMMITMENT))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDeviceExpired")
          .withArgs(f.expiringDevice);
        expect(await statusOf(f, f.expiringDevice)).to.equal(DeviceStatus.Active);
      });
    });

    it("reverts when an open recall holds the device", async () => {
      const f = await loadFixture(fixture);
      await f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN));
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDeviceHeld")
        .withArgs(f.device, 1);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is unknown", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).install(UNKNOWN_DEVICE, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });

    it("records a contract wallet of the custodian as the actor, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "install", [f.device, CARE_SITE, COMMITMENT]))
        .to.emit(f.lifecycle, "DeviceInstalled")
        .withArgs(f.device, CARE_SITE, COMMITMENT, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Installed);
      await expectLedgerHeadReplays(f.lifecycle);
    });
  });

  describe("explant", () => {
    async function installedFixture() {
      const f = await fixture();
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      return f;
    }

    it("returns an installed device to stock and emits DeviceExplanted", async () => {
      const f = await loadFixture(installedFixture);
      await expect(f.lifecycle.connect(f.hospital).explant(f.device, EXPLANT_COMMITMENT))
        .to.emit(f.lifecycle, "DeviceExplanted")
        .withArgs(f.device, EXPLANT_COMMITMENT, GLN.hospital, f.hospital.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is not installed", async () => {
      const f = await loadFixture(installedFixture);
      await expect(f.lifecycle.connect(f.hospital).explant(f.second, EXPLANT_COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.second, DeviceStatus.Active);
    });

    it("reverts when the caller is not the custodian", async () => {
      const f = await loadFixture(installedFixture);
      for (const m of membersExcept(f, "hospital")) {
        await expect(f.lifecycle.connect(m.signer).explant(f.device, EXPLANT_COMMITMENT))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
          .withArgs(f.device, m.gln);
      }
      await expect(f.lifecycle.connect(f.outsider).explant(f.device, EXPLANT_COMMITMENT))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Installed);
    });

    it("reverts when the procedure commitment is zero", async () => {
      const f = await loadFixture(installedFixture);
      await expect(f.lifecycle.connect(f.hospital).explant(f.device, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleZeroHash")
        .withArgs(f.device);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Installed);
    });

    it("reverts when the device is unknown", async () => {
      const f = await loadFixture(installedFixture);
      await expect(f.lifecycle.connect(f.hospital).explant(UNKNOWN_DEVICE, EXPLANT_COMMITMENT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(installedFixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "explant", [f.device, EXPLANT_COMMITMENT]))
        .to.emit(f.lifecycle, "DeviceExplanted")
        .withArgs(f.device, EXPLANT_COMMITMENT, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
      await expectLedgerHeadReplays(f.lifecycle);
    });
  });

  describe("recordService", () => {
    it("lets the custodian record a service visit and emits ServiceRecorded", async () => {
      const f = await loadFixture(fixture);
      const [, countBefore] = await f.lifecycle.ledgerHead();
      await expect(f.lifecycle.connect(f.hospital).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.device, ServiceOutcome.Conformant, REPORT, GLN.hospital, f.hospital.address);
      const [, countAfter] = await f.lifecycle.ledgerHead();
      expect(countAfter).to.equal(countBefore + 1n);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("lets a service provider the custodian authorised record a service visit", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await expect(f.lifecycle.connect(f.service).recordService(f.device, ServiceOutcome.NeedsReplacement, REPORT))
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.device, ServiceOutcome.NeedsReplacement, REPORT, GLN.service, f.service.address);
    });

    it("accepts installed and quarantined devices", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      await f.lifecycle.connect(f.hospital).quarantine(f.second, REASON);
      await expect(f.lifecycle.connect(f.hospital).recordService(f.device, ServiceOutcome.NonConformant, REPORT))
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.device, ServiceOutcome.NonConformant, REPORT, GLN.hospital, f.hospital.address);
      await expect(f.lifecycle.connect(f.hospital).recordService(f.second, ServiceOutcome.Conformant, REPORT))
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.second, ServiceOutcome.Conformant, REPORT, GLN.hospital, f.hospital.address);
    });

    it("records a contract wallet as the actor when it signs for an authorised service provider, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      const wallet = await walletOf(f.directory, f.admin, f.service, GLN.service);
      await expect(
        through(wallet, f.service, f.lifecycle, "recordService", [f.device, ServiceOutcome.Conformant, REPORT]),
      )
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.device, ServiceOutcome.Conformant, REPORT, GLN.service, await wallet.getAddress());
      await expectLedgerHeadReplays(f.lifecycle);
    });

    it("reverts when the service provider is not authorised by the custodian", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.service).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotAuthorisedServicer")
        .withArgs(f.device, GLN.service);
    });

    it("reverts when the service provider's authorisation was withdrawn", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, false);
      await expect(f.lifecycle.connect(f.service).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotAuthorisedServicer")
        .withArgs(f.device, GLN.service);
    });

    it("reverts when a caller that is neither custodian nor service provider records a visit", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital", "service")) {
        await expect(f.lifecycle.connect(m.signer).recordService(f.device, ServiceOutcome.Conformant, REPORT))
          .to.be.revertedWithCustomError(f.lifecycle, "ConsortiumGatedMissingRole")
          .withArgs(m.gln, Role.ServiceProvider);
      }
      await expect(f.lifecycle.connect(f.outsider).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
    });

    it("reverts when the outcome is None", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).recordService(f.device, ServiceOutcome.None, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidOutcome")
        .withArgs(f.device);
    });

    it("reverts when the report hash is zero", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).recordService(f.device, ServiceOutcome.Conformant, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleZeroHash")
        .withArgs(f.device);
    });

    it("reverts when the device is destroyed, decommissioned or in transit", async () => {
      const f = await loadFixture(fixture);
      const [, , third] = f.atHospital;
      await f.lifecycle.connect(f.hospital).destroy(f.device);
      await f.lifecycle.connect(f.hospital).decommission(f.second);
      await ship(f.devices, f.hospital, GLN.otherHospital, [third]);
      const cases: [string, number][] = [
        [f.device, DeviceStatus.Destroyed],
        [f.second, DeviceStatus.Decommissioned],
        [third, DeviceStatus.InTransit],
      ];
      for (const [id, status] of cases) {
        await expect(f.lifecycle.connect(f.hospital).recordService(id, ServiceOutcome.Conformant, REPORT))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
          .withArgs(id, status);
      }
    });

    it("reverts when the device is packed or unknown", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
        .withArgs(f.device, SSCC_A);
      await expect(f.lifecycle.connect(f.hospital).recordService(UNKNOWN_DEVICE, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });
  });

  describe("recordSoftwareUpdate", () => {
    it("records the image hash and emits SoftwareUpdated", async () => {
      const f = await loadFixture(fixture);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(ethers.ZeroHash);
      await expect(f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, "2.1.0", IMAGE))
        .to.emit(f.lifecycle, "SoftwareUpdated")
        .withArgs(f.device, "2.1.0", IMAGE, GLN.hospital, f.hospital.address);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(IMAGE);
      expect(await f.lifecycle.softwareOf(f.second)).to.equal(ethers.ZeroHash);
    });

    it("lets an authorised service provider replace the recorded image", async () => {
      const f = await loadFixture(fixture);
      const next = ethers.id("firmware-2.2.0");
      await f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, "2.1.0", IMAGE);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await expect(f.lifecycle.connect(f.service).recordSoftwareUpdate(f.device, "2.2.0", next))
        .to.emit(f.lifecycle, "SoftwareUpdated")
        .withArgs(f.device, "2.2.0", next, GLN.service, f.service.address);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(next);
    });

    it("accepts a version of exactly 64 bytes", async () => {
      const f = await loadFixture(fixture);
      const version = "v".repeat(64);
      await expect(f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, version, IMAGE))
        .to.emit(f.lifecycle, "SoftwareUpdated")
        .withArgs(f.device, version, IMAGE, GLN.hospital, f.hospital.address);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "recordSoftwareUpdate", [f.device, "2.1.0", IMAGE]))
        .to.emit(f.lifecycle, "SoftwareUpdated")
        .withArgs(f.device, "2.1.0", IMAGE, GLN.hospital, await wallet.getAddress());
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(IMAGE);
      await expectLedgerHeadReplays(f.lifecycle);
    });

    it("reverts when the version is empty or longer than 64 bytes", async () => {
      const f = await loadFixture(fixture);
      for (const version of ["", "v".repeat(65)]) {
        await expect(f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, version, IMAGE))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidVersion")
          .withArgs(version);
      }
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(ethers.ZeroHash);
    });

    it("reverts when the image hash is zero", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, "2.1.0", IMAGE);
      await expect(f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, "2.2.0", ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleZeroHash")
        .withArgs(f.device);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(IMAGE);
    });

    it("reverts when the service provider is not authorised by the custodian", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.service).recordSoftwareUpdate(f.device, "2.1.0", IMAGE))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotAuthorisedServicer")
        .withArgs(f.device, GLN.service);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(ethers.ZeroHash);
    });

    it("reverts when a caller that is neither custodian nor service provider records an update", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital", "service")) {
        await expect(f.lifecycle.connect(m.signer).recordSoftwareUpdate(f.device, "2.1.0", IMAGE))
          .to.be.revertedWithCustomError(f.lifecycle, "ConsortiumGatedMissingRole")
          .withArgs(m.gln, Role.ServiceProvider);
      }
      await expect(f.lifecycle.connect(f.outsider).recordSoftwareUpdate(f.device, "2.1.0", IMAGE))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
    });

    it("reverts when the device is destroyed", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).destroy(f.device);
      await expect(f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.device, "2.1.0", IMAGE))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Destroyed);
    });
  });

  describe("quarantine and release", () => {
    it("quarantines a loose active device and emits DeviceQuarantined", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).quarantine(f.device, REASON))
        .to.emit(f.lifecycle, "DeviceQuarantined")
        .withArgs(f.device, REASON, GLN.hospital, f.hospital.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Quarantined);
    });

    it("blocks shipping a quarantined device", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expect(f.devices.connect(f.hospital).ship(GLN.manufacturer, [f.device], [], ethers.ZeroHash, false))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceUnavailable")
        .withArgs(f.device, DeviceStatus.Quarantined);
    });

    it("reverts quarantine when the device is not active", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      await f.lifecycle.connect(f.hospital).quarantine(f.second, REASON);
      await expect(f.lifecycle.connect(f.hospital).quarantine(f.device, REASON))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Installed);
      await expect(f.lifecycle.connect(f.hospital).quarantine(f.second, REASON))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.second, DeviceStatus.Quarantined);
    });

    it("reverts quarantine when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital")) {
        await expect(f.lifecycle.connect(m.signer).quarantine(f.device, REASON))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
          .withArgs(f.device, m.gln);
      }
      await expect(f.lifecycle.connect(f.outsider).quarantine(f.device, REASON))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts quarantine when the device is packed or unknown", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).quarantine(f.device, REASON))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
        .withArgs(f.device, SSCC_A);
      await expect(f.lifecycle.connect(f.hospital).quarantine(UNKNOWN_DEVICE, REASON))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });

    it("releases a quarantined device and emits DeviceReleased", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expect(f.lifecycle.connect(f.hospital).release(f.device))
        .to.emit(f.lifecycle, "DeviceReleased")
        .withArgs(f.device, GLN.hospital, f.hospital.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts release when the device is not quarantined", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).release(f.device))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Active);
    });

    it("reverts release when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      for (const m of membersExcept(f, "hospital")) {
        await expect(f.lifecycle.connect(m.signer).release(f.device))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
          .withArgs(f.device, m.gln);
      }
      await expect(f.lifecycle.connect(f.outsider).release(f.device))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Quarantined);
    });

    it("records a contract wallet as the actor of a quarantine, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "quarantine", [f.device, REASON]))
        .to.emit(f.lifecycle, "DeviceQuarantined")
        .withArgs(f.device, REASON, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Quarantined);
      await expectLedgerHeadReplays(f.lifecycle);
    });

    it("records a contract wallet as the actor of a release, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "release", [f.device]))
        .to.emit(f.lifecycle, "DeviceReleased")
        .withArgs(f.device, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
      await expectLedgerHeadReplays(f.lifecycle);
    });
  });

  describe("decommission", () => {
    it("decommissions an active, installed or quarantined device and emits DeviceDecommissioned", async () => {
      const f = await loadFixture(fixture);
      const [active, installed, quarantined] = f.atHospital;
      await f.lifecycle.connect(f.hospital).install(installed, CARE_SITE, COMMITMENT);
      await f.lifecycle.connect(f.hospital).quarantine(quarantined, REASON);
      for (const id of [active, installed, quarantined]) {
        await expect(f.lifecycle.connect(f.hospital).decommission(id))
          .to.emit(f.lifecycle, "DeviceDecommissioned")
          .withArgs(id, GLN.hospital, f.hospital.address);
        expect(await statusOf(f, id)).to.equal(DeviceStatus.Decommissioned);
      }
    });

    it("blocks shipping a decommissioned device", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).decommission(f.device);
      await expect(f.devices.connect(f.hospital).ship(GLN.manufacturer, [f.device], [], ethers.ZeroHash, false))
        .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceUnavailable")
        .withArgs(f.device, DeviceStatus.Decommissioned);
    });

    it("reverts when the device is already decommissioned or in transit", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).decommission(f.device);
      await ship(f.devices, f.hospital, GLN.otherHospital, [f.second]);
      await expect(f.lifecycle.connect(f.hospital).decommission(f.device))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Decommissioned);
      await expect(f.lifecycle.connect(f.hospital).decommission(f.second))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.second, DeviceStatus.InTransit);
    });

    it("reverts when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital")) {
        await expect(f.lifecycle.connect(m.signer).decommission(f.device))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
          .withArgs(f.device, m.gln);
      }
      await expect(f.lifecycle.connect(f.outsider).decommission(f.device))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is packed or unknown", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).decommission(f.device))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
        .withArgs(f.device, SSCC_A);
      await expect(f.lifecycle.connect(f.hospital).decommission(UNKNOWN_DEVICE))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "decommission", [f.device]))
        .to.emit(f.lifecycle, "DeviceDecommissioned")
        .withArgs(f.device, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Decommissioned);
      await expectLedgerHeadReplays(f.lifecycle);
    });
  });

  describe("destroy", () => {
    it("destroys an active, quarantined or decommissioned device and emits DeviceDestroyed", async () => {
      const f = await loadFixture(fixture);
      const [active, quarantined, decommissioned] = f.atHospital;
      await f.lifecycle.connect(f.hospital).quarantine(quarantined, REASON);
      await f.lifecycle.connect(f.hospital).decommission(decommissioned);
      for (const id of [active, quarantined, decommissioned]) {
        await expect(f.lifecycle.connect(f.hospital).destroy(id))
          .to.emit(f.lifecycle, "DeviceDestroyed")
          .withArgs(id, GLN.hospital, f.hospital.address);
        expect(await statusOf(f, id)).to.equal(DeviceStatus.Destroyed);
      }
    });

    it("reverts when the device is installed or in transit", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      await ship(f.devices, f.hospital, GLN.otherHospital, [f.second]);
      await expect(f.lifecycle.connect(f.hospital).destroy(f.device))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.device, DeviceStatus.Installed);
      await expect(f.lifecycle.connect(f.hospital).destroy(f.second))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
        .withArgs(f.second, DeviceStatus.InTransit);
    });

    it("reverts when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "hospital")) {
        await expect(f.lifecycle.connect(m.signer).destroy(f.device))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
          .withArgs(f.device, m.gln);
      }
      await expect(f.lifecycle.connect(f.outsider).destroy(f.device))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });

    it("reverts when the device is packed or unknown", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
      await expect(f.lifecycle.connect(f.hospital).destroy(f.device))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
        .withArgs(f.device, SSCC_A);
      await expect(f.lifecycle.connect(f.hospital).destroy(UNKNOWN_DEVICE))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
        .withArgs(UNKNOWN_DEVICE);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "destroy", [f.device]))
        .to.emit(f.lifecycle, "DeviceDestroyed")
        .withArgs(f.device, GLN.hospital, await wallet.getAddress());
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Destroyed);
      await expectLedgerHeadReplays(f.lifecycle);
    });

    describe("when the device is destroyed", () => {
      async function destroyedFixture() {
        const f = await fixture();
        await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
        await f.lifecycle.connect(f.hospital).destroy(f.device);
        return f;
      }

      it("refuses every lifecycle operation", async () => {
        const f = await loadFixture(destroyedFixture);
        const l = f.lifecycle.connect(f.hospital);
        const attempts = [
          () => l.install(f.device, CARE_SITE, COMMITMENT),
          () => l.explant(f.device, EXPLANT_COMMITMENT),
          () => l.recordService(f.device, ServiceOutcome.Conformant, REPORT),
          () => f.lifecycle.connect(f.service).recordService(f.device, ServiceOutcome.Conformant, REPORT),
          () => l.recordSoftwareUpdate(f.device, "2.1.0", IMAGE),
          () => l.quarantine(f.device, REASON),
          () => l.release(f.device),
          () => l.decommission(f.device),
          () => l.destroy(f.device),
        ];
        for (const attempt of attempts) {
          await expect(attempt())
            .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
            .withArgs(f.device, DeviceStatus.Destroyed);
        }
        const state = await f.devices.deviceState(f.device);
        expect(state.status).to.equal(DeviceStatus.Destroyed);
        expect(state.custodian).to.equal(GLN.hospital);
        expect(await f.lifecycle.softwareOf(f.device)).to.equal(ethers.ZeroHash);
      });

      it("refuses shipping and packing it", async () => {
        const f = await loadFixture(destroyedFixture);
        for (const recipient of [GLN.manufacturer, GLN.otherHospital]) {
          await expect(f.devices.connect(f.hospital).ship(recipient, [f.device], [], ethers.ZeroHash, false))
            .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceUnavailable")
            .withArgs(f.device, DeviceStatus.Destroyed);
        }
        await expect(f.devices.connect(f.hospital).pack(SSCC_A, [f.device]))
          .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceUnavailable")
          .withArgs(f.device, DeviceStatus.Destroyed);
        const raw = await f.devices.device(f.device);
        expect(raw.status).to.equal(DeviceStatus.Destroyed);
        expect(raw.container).to.equal(0);
        expect(raw.shipment).to.equal(0);
        expect(raw.custodian).to.equal(GLN.hospital);
      });
    });
  });

  describe("authoriseServiceProvider", () => {
    it("authorises a service provider and emits ServiceProviderAuthorised", async () => {
      const f = await loadFixture(fixture);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(false);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true))
        .to.emit(f.lifecycle, "ServiceProviderAuthorised")
        .withArgs(GLN.hospital, GLN.service, true, f.hospital.address);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);
    });

    it("withdraws an authorisation and emits ServiceProviderAuthorised", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, false))
        .to.emit(f.lifecycle, "ServiceProviderAuthorised")
        .withArgs(GLN.hospital, GLN.service, false, f.hospital.address);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(false);
    });

    it("lets a suspended service provider's authorisation be withdrawn", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.service);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, false))
        .to.emit(f.lifecycle, "ServiceProviderAuthorised")
        .withArgs(GLN.hospital, GLN.service, false, f.hospital.address);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(false);
    });

    it("reverts when the organisation is not an active service provider", async () => {
      const f = await loadFixture(fixture);
      for (const m of membersExcept(f, "service")) {
        await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(m.gln, true))
          .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidServiceProvider")
          .withArgs(m.gln);
      }
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(UNKNOWN_GLN, true))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidServiceProvider")
        .withArgs(UNKNOWN_GLN);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.service);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidServiceProvider")
        .withArgs(GLN.service);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(false);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.distributor)).to.equal(false);
    });

    it("reverts when the authorisation is unchanged", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, false))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleAuthorisationUnchanged")
        .withArgs(GLN.hospital, GLN.service, false);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleAuthorisationUnchanged")
        .withArgs(GLN.hospital, GLN.service, true);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);
    });

    it("reverts when the caller is an outsider", async () => {
      const f = await loadFixture(fixture);
      await expect(f.lifecycle.connect(f.outsider).authoriseServiceProvider(GLN.service, true))
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
        .withArgs(f.outsider.address);
    });

    it("records a contract wallet as the actor when it signs for the authorising organisation, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      const wallet = await walletOf(f.directory, f.admin, f.hospital, GLN.hospital);
      await expect(through(wallet, f.hospital, f.lifecycle, "authoriseServiceProvider", [GLN.service, true]))
        .to.emit(f.lifecycle, "ServiceProviderAuthorised")
        .withArgs(GLN.hospital, GLN.service, true, await wallet.getAddress());
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);
      await expectLedgerHeadReplays(f.lifecycle);
    });
  });

  describe("isAuthorisedServicer", () => {
    it("is scoped to the authorising custodian", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.otherHospital, GLN.service)).to.equal(false);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.service, GLN.hospital)).to.equal(false);
    });

    it("stops covering a device once another organisation receives it", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await deliver(f.devices, f.hospital, f.otherHospital, GLN.otherHospital, [f.device]);
      await expect(f.lifecycle.connect(f.service).recordService(f.device, ServiceOutcome.Conformant, REPORT))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotAuthorisedServicer")
        .withArgs(f.device, GLN.service);
      await expect(f.lifecycle.connect(f.service).recordService(f.second, ServiceOutcome.Conformant, REPORT))
        .to.emit(f.lifecycle, "ServiceRecorded")
        .withArgs(f.second, ServiceOutcome.Conformant, REPORT, GLN.service, f.service.address);
    });
  });

  describe("when paused", () => {
    shouldBehaveLikePausable(async () => {
      const f = await loadFixture(fixture);
      return consortiumGatedPausable(f, f.lifecycle, () =>
        f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true),
      );
    });

    it("blocks every lifecycle write", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.second, REASON);
      await f.lifecycle.connect(f.admin).pause();
      const l = f.lifecycle.connect(f.hospital);
      const attempts = [
        () => l.install(f.device, CARE_SITE, COMMITMENT),
        () => l.explant(f.device, EXPLANT_COMMITMENT),
        () => l.recordService(f.device, ServiceOutcome.Conformant, REPORT),
        () => l.recordSoftwareUpdate(f.device, "2.1.0", IMAGE),
        () => l.quarantine(f.device, REASON),
        () => l.release(f.second),
        () => l.decommission(f.device),
        () => l.destroy(f.device),
        () => l.authoriseServiceProvider(GLN.service, true),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).to.be.revertedWithCustomError(f.lifecycle, "EnforcedPause").withArgs();
      }
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
      expect(await statusOf(f, f.second)).to.equal(DeviceStatus.Quarantined);
    });

    it("blocks status changes while the device registry is paused", async () => {
      const f = await loadFixture(fixture);
      await f.devices.connect(f.admin).pause();
      await expect(f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT))
        .to.be.revertedWithCustomError(f.devices, "EnforcedPause")
        .withArgs();
      expect(await statusOf(f, f.device)).to.equal(DeviceStatus.Active);
    });
  });

  describe("ledgerHead", () => {
    it("equals the head replayed from the contract's logs", async () => {
      const f = await loadFixture(fixture);
      const l = f.lifecycle.connect(f.hospital);
      const [active, installed, quarantined] = f.atHospital;
      await l.authoriseServiceProvider(GLN.service, true);
      await l.install(installed, CARE_SITE, COMMITMENT);
      await f.lifecycle.connect(f.service).recordService(installed, ServiceOutcome.Conformant, REPORT);
      await f.lifecycle.connect(f.service).recordSoftwareUpdate(installed, "2.1.0", IMAGE);
      await l.explant(installed, EXPLANT_COMMITMENT);
      await l.quarantine(quarantined, REASON);
      await l.release(quarantined);
      await l.decommission(active);
      await l.destroy(active);
      await l.authoriseServiceProvider(GLN.service, false);
      await f.lifecycle.connect(f.admin).pause();
      await f.lifecycle.connect(f.admin).unpause();
      const [, count] = await f.lifecycle.ledgerHead();
      expect(count).to.equal(12n);
      await expectLedgerHeadReplays(f.lifecycle);
      await expectLedgerHeadReplays(f.devices);
    });
  });
});
