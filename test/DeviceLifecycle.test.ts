import { ethers } from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { consortiumGatedPausable, shouldBehaveLikePausable } from "./behaviors/pausable.behavior";
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
  COMMITMENT,
  UNKNOWN_DEVICE,
} from "./helpers/lifecycle";
import { expectWalletActs } from "./helpers/wallet-actor";

const EXPLANT_COMMITMENT = ethers.id("salted-explant-record");
const REPORT = ethers.id("service-report");
const IMAGE = ethers.id("firmware-2.1.0");
const REASON = ethers.id("visual-damage");

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

  type Fixture = Awaited<ReturnType<typeof fixture>>;
  /** The lifecycle writes only a device's custodian may make; each takes the device id first. */
  type CustodianWrite = "install" | "explant" | "quarantine" | "release" | "decommission" | "destroy";
  type LifecycleWrite = CustodianWrite | "recordService" | "recordSoftwareUpdate";

  async function statusOf(f: Fixture, id: string): Promise<bigint> {
    return (await f.devices.deviceState(id)).status;
  }

  /** The hospital can no longer ship f.device, which is in `status`. */
  async function expectShippingBlocked(f: Fixture, status: number) {
    await expect(f.devices.connect(f.hospital).ship(GLN.manufacturer, [f.device], [], ethers.ZeroHash, false))
      .to.be.revertedWithCustomError(f.devices, "DeviceRegistryDeviceUnavailable")
      .withArgs(f.device, status);
  }

  /** The hospital's `fn(id, ...rest)` is refused because the device is in `status`. */
  async function expectInvalidStatus(f: Fixture, fn: LifecycleWrite, id: string, rest: unknown[], status: number) {
    await expect(f.lifecycle.connect(f.hospital).getFunction(fn)(id, ...rest))
      .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleInvalidStatus")
      .withArgs(id, status);
  }

  /** Every member but the hospital (the custodian) is refused `fn(f.device, ...rest)`, an outsider by the directory. */
  async function expectCustodianOnly(f: Fixture, fn: CustodianWrite, rest: unknown[], unchanged: number) {
    for (const m of membersExcept(f, "hospital")) {
      await expect(f.lifecycle.connect(m.signer).getFunction(fn)(f.device, ...rest))
        .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleNotCustodian")
        .withArgs(f.device, m.gln);
    }
    await expect(f.lifecycle.connect(f.outsider).getFunction(fn)(f.device, ...rest))
      .to.be.revertedWithCustomError(f.directory, "DirectoryUnknownAccount")
      .withArgs(f.outsider.address);
    expect(await statusOf(f, f.device)).to.equal(unchanged);
  }

  /** `fn` refuses f.device once the hospital packs it into SSCC_A, naming the container, and an unknown device. */
  async function expectPackedAndUnknownRefused(f: Fixture, fn: CustodianWrite, rest: unknown[]) {
    await f.devices.connect(f.hospital).pack(SSCC_A, [f.device]);
    await expect(f.lifecycle.connect(f.hospital).getFunction(fn)(f.device, ...rest))
      .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleDevicePacked")
      .withArgs(f.device, SSCC_A);
    await expect(f.lifecycle.connect(f.hospital).getFunction(fn)(UNKNOWN_DEVICE, ...rest))
      .to.be.revertedWithCustomError(f.lifecycle, "DeviceLifecycleUnknownDevice")
      .withArgs(UNKNOWN_DEVICE);
  }

  /** The hospital sends `fn(f.device, ...rest)`: the event carries those arguments, the hospital and its account. */
  async function expectChange(f: Fixture, fn: CustodianWrite, rest: unknown[], event: string, status: number) {
    await expect(f.lifecycle.connect(f.hospital).getFunction(fn)(f.device, ...rest))
      .to.emit(f.lifecycle, event)
      .withArgs(f.device, ...rest, GLN.hospital, f.hospital.address);
    expect(await statusOf(f, f.device)).to.equal(status);
  }

  /** The same through the hospital's contract wallet: the wallet is the actor, and the ledger head replays. */
  async function expectWalletActor(f: Fixture, fn: CustodianWrite, rest: unknown[], event: string, status: number) {
    const emitted = (actor: string) => [f.device, ...rest, GLN.hospital, actor];
    await expectWalletActs(f, "hospital", f.lifecycle, fn, [f.device, ...rest], event, emitted);
    expect(await statusOf(f, f.device)).to.equal(status);
  }

  /** Puts a device the hospital holds into `status` through the call that leads there (Active: as it is). */
  async function putInto(f: Fixture, id: string, status: number) {
    const l = f.lifecycle.connect(f.hospital);
    if (status === DeviceStatus.Installed) await l.install(id, CARE_SITE, COMMITMENT);
    if (status === DeviceStatus.Quarantined) await l.quarantine(id, REASON);
    if (status === DeviceStatus.Decommissioned) await l.decommission(id);
    if (status === DeviceStatus.InTransit) await ship(f.devices, f.hospital, GLN.otherHospital, [id]);
  }

  /** One of the two calls that end a device's working life (decommission, destroy). */
  interface EndOfLife {
    fn: "decommission" | "destroy";
    /** The status it leaves the device in, which also names its event (`Device<past>`). */
    past: "Decommissioned" | "Destroyed";
    /** The statuses it accepts (one device each), and the two it refuses (f.device, then f.second). */
    from: readonly number[];
    notFrom: readonly [number, number];
  }

  /** A status as test names say it: `InTransit` → "in transit". */
  const statusWord = (status: number) =>
    (Object.keys(DeviceStatus) as (keyof typeof DeviceStatus)[])
      .find((k) => DeviceStatus[k] === status)!
      .replace(/\B([A-Z])/g, " $1")
      .toLowerCase();
  const anyOf = (statuses: readonly number[]) =>
    statuses
      .map(statusWord)
      .join(", ")
      .replace(/, ([^,]*)$/, " or $1");

  /** What decommission and destroy share: the statuses they accept and refuse, and the custodian-only checks. */
  function shouldEndDeviceLife(c: EndOfLife) {
    const [event, status] = [`Device${c.past}`, DeviceStatus[c.past]];
    it(`${c.fn}s an ${anyOf(c.from)} device and emits ${event}`, async () => {
      const f = await loadFixture(fixture);
      const ids = f.atHospital.slice(0, c.from.length);
      for (const [i, id] of ids.entries()) await putInto(f, id, c.from[i]);
      for (const id of ids) {
        await expect(f.lifecycle.connect(f.hospital).getFunction(c.fn)(id))
          .to.emit(f.lifecycle, event)
          .withArgs(id, GLN.hospital, f.hospital.address);
        expect(await statusOf(f, id)).to.equal(status);
      }
    });

    it(`reverts when the device is ${anyOf(c.notFrom)}`, async () => {
      const f = await loadFixture(fixture);
      const ids = [f.device, f.second];
      for (const [i, id] of ids.entries()) await putInto(f, id, c.notFrom[i]);
      for (const [i, id] of ids.entries()) {
        await expectInvalidStatus(f, c.fn, id, [], c.notFrom[i]);
      }
    });

    it(`blocks shipping a ${statusWord(status)} device`, async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).getFunction(c.fn)(f.device);
      await expectShippingBlocked(f, status);
    });

    it("reverts when the caller is not the custodian", async () => {
      await expectCustodianOnly(await loadFixture(fixture), c.fn, [], DeviceStatus.Active);
    });

    it("reverts when the device is packed or unknown", async () => {
      await expectPackedAndUnknownRefused(await loadFixture(fixture), c.fn, []);
    });

    it("records a contract wallet as the actor when it signs for the custodian, in the event and the ledger head", async () => {
      await expectWalletActor(await loadFixture(fixture), c.fn, [], event, status);
    });
  }

  describe("install", () => {
    it("installs a loose active device at a care site and emits DeviceInstalled", async () => {
      const f = await loadFixture(fixture);
      await expectChange(f, "install", [CARE_SITE, COMMITMENT], "DeviceInstalled", DeviceStatus.Installed);
      const state = await f.devices.deviceState(f.device);
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

    for (const [what, status] of [
      ["already installed", DeviceStatus.Installed],
      ["quarantined", DeviceStatus.Quarantined],
      ["in transit", DeviceStatus.InTransit],
    ] as const) {
      it(`reverts when the device is ${what}`, async () => {
        const f = await loadFixture(fixture);
        await putInto(f, f.device, status);
        await expectInvalidStatus(f, "install", f.device, [CARE_SITE, COMMITMENT], status);
        expect(await statusOf(f, f.device)).to.equal(status);
      });
    }

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
      await expectWalletActor(f, "install", [CARE_SITE, COMMITMENT], "DeviceInstalled", DeviceStatus.Installed);
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
      await expectChange(f, "explant", [EXPLANT_COMMITMENT], "DeviceExplanted", DeviceStatus.Active);
    });

    it("reverts when the device is not installed", async () => {
      const f = await loadFixture(installedFixture);
      await expectInvalidStatus(f, "explant", f.second, [EXPLANT_COMMITMENT], DeviceStatus.Active);
    });

    it("reverts when the caller is not the custodian", async () => {
      const f = await loadFixture(installedFixture);
      await expectCustodianOnly(f, "explant", [EXPLANT_COMMITMENT], DeviceStatus.Installed);
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
      await expectWalletActor(f, "explant", [EXPLANT_COMMITMENT], "DeviceExplanted", DeviceStatus.Active);
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
      const visit = [f.device, ServiceOutcome.Conformant, REPORT];
      const recorded = (actor: string) => [...visit, GLN.service, actor];
      await expectWalletActs(f, "service", f.lifecycle, "recordService", visit, "ServiceRecorded", recorded);
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
        await expectInvalidStatus(f, "recordService", id, [ServiceOutcome.Conformant, REPORT], status);
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
      const update = [f.device, "2.1.0", IMAGE];
      const updated = (actor: string) => [...update, GLN.hospital, actor];
      await expectWalletActs(f, "hospital", f.lifecycle, "recordSoftwareUpdate", update, "SoftwareUpdated", updated);
      expect(await f.lifecycle.softwareOf(f.device)).to.equal(IMAGE);
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
      await expectInvalidStatus(f, "recordSoftwareUpdate", f.device, ["2.1.0", IMAGE], DeviceStatus.Destroyed);
    });
  });

  describe("quarantine and release", () => {
    it("quarantines a loose active device and emits DeviceQuarantined", async () => {
      const f = await loadFixture(fixture);
      await expectChange(f, "quarantine", [REASON], "DeviceQuarantined", DeviceStatus.Quarantined);
    });

    it("blocks shipping a quarantined device", async () => {
      const f = await loadFixture(fixture);
      await putInto(f, f.device, DeviceStatus.Quarantined);
      await expectShippingBlocked(f, DeviceStatus.Quarantined);
    });

    it("reverts quarantine when the device is not active", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).install(f.device, CARE_SITE, COMMITMENT);
      await f.lifecycle.connect(f.hospital).quarantine(f.second, REASON);
      await expectInvalidStatus(f, "quarantine", f.device, [REASON], DeviceStatus.Installed);
      await expectInvalidStatus(f, "quarantine", f.second, [REASON], DeviceStatus.Quarantined);
    });

    it("reverts quarantine when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      await expectCustodianOnly(f, "quarantine", [REASON], DeviceStatus.Active);
    });

    it("reverts quarantine when the device is packed or unknown", async () => {
      await expectPackedAndUnknownRefused(await loadFixture(fixture), "quarantine", [REASON]);
    });

    it("releases a quarantined device and emits DeviceReleased", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expectChange(f, "release", [], "DeviceReleased", DeviceStatus.Active);
    });

    it("reverts release when the device is not quarantined", async () => {
      const f = await loadFixture(fixture);
      await expectInvalidStatus(f, "release", f.device, [], DeviceStatus.Active);
    });

    it("reverts release when the caller is not the custodian", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expectCustodianOnly(f, "release", [], DeviceStatus.Quarantined);
    });

    it("records a contract wallet as the actor of a quarantine, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      await expectWalletActor(f, "quarantine", [REASON], "DeviceQuarantined", DeviceStatus.Quarantined);
    });

    it("records a contract wallet as the actor of a release, in the event and the ledger head", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).quarantine(f.device, REASON);
      await expectWalletActor(f, "release", [], "DeviceReleased", DeviceStatus.Active);
    });
  });

  for (const c of [
    {
      fn: "decommission",
      past: "Decommissioned",
      from: [DeviceStatus.Active, DeviceStatus.Installed, DeviceStatus.Quarantined],
      notFrom: [DeviceStatus.Decommissioned, DeviceStatus.InTransit],
    },
    {
      fn: "destroy",
      past: "Destroyed",
      from: [DeviceStatus.Active, DeviceStatus.Quarantined, DeviceStatus.Decommissioned],
      notFrom: [DeviceStatus.Installed, DeviceStatus.InTransit],
    },
  ] as const satisfies readonly EndOfLife[]) {
    describe(c.fn, () => shouldEndDeviceLife(c));
  }

  describe("destroy", () => {
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
    /** The hospital sets its authorisation of the service provider: the event, then the view. */
    async function expectAuthorisation(f: Fixture, authorised: boolean) {
      await expect(f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, authorised))
        .to.emit(f.lifecycle, "ServiceProviderAuthorised")
        .withArgs(GLN.hospital, GLN.service, authorised, f.hospital.address);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(authorised);
    }

    it("authorises a service provider and emits ServiceProviderAuthorised", async () => {
      const f = await loadFixture(fixture);
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(false);
      await expectAuthorisation(f, true);
    });

    it("withdraws an authorisation and emits ServiceProviderAuthorised", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await expectAuthorisation(f, false);
    });

    it("lets a suspended service provider's authorisation be withdrawn", async () => {
      const f = await loadFixture(fixture);
      await f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true);
      await f.directory.connect(f.admin).suspendOrganisation(GLN.service);
      await expectAuthorisation(f, false);
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
      const grant = [GLN.service, true];
      const granted = (actor: string) => [GLN.hospital, ...grant, actor];
      await expectWalletActs(
        f,
        "hospital",
        f.lifecycle,
        "authoriseServiceProvider",
        grant,
        "ServiceProviderAuthorised",
        granted,
      );
      expect(await f.lifecycle.isAuthorisedServicer(GLN.hospital, GLN.service)).to.equal(true);
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
