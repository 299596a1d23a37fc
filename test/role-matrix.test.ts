import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { shouldBehaveLikePausable, type PausableTarget } from "./behaviors/pausable.behavior";
import { gln, gtin, GLN, GTIN, IMPLANT_GTIN, OTHER_PREFIX, DAY, Role, roleMask } from "./fixtures";
import {
  CARE_SITE,
  DOC,
  anchorRequest,
  commissionAll,
  commitment,
  deliver,
  recallNotice,
  implantLotFixture,
  ship,
  ssccOf,
  word,
} from "./helpers/scenario";
import { AnchorTarget, Disposition, HoldScope, ServiceOutcome } from "./helpers/lifecycle";

// ===== FIXTURE: one record of each kind, held by the organisation the matrix expects =====

async function fixture() {
  const f = await implantLotFixture();
  const { implantLot } = f;
  const m = f.manufacturer;
  // At the manufacturer: a loose device, and a packed one.
  const [loose, packed, inTransit, quarantinedInBox, atDistributor] = await commissionAll(f, f.lotKey, GTIN, [
    "M-1",
    "M-2",
    "M-3",
    "M-4",
    "D-1",
  ]);
  const box = ssccOf(1);
  await f.devices.connect(m).pack(box, [packed]);
  // At the distributor: a loose device and a container quarantined on receipt after an excursion.
  await deliver(f, m, f.distributor, GLN.distributor, [atDistributor]);
  const quarantinedBox = ssccOf(2);
  await f.devices.connect(m).pack(quarantinedBox, [quarantinedInBox]);
  const excursion = await ship(f, m, GLN.distributor, [], [quarantinedBox]);
  await f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Shipment, word(excursion), true));
  await f.devices.connect(f.distributor).receiveShipment(excursion, [], [quarantinedBox]);
  // In transit from the manufacturer to the distributor.
  const openShipment = await ship(f, m, GLN.distributor, [inTransit]);
  // At the hospital: implants that are active, installed and quarantined.
  const [active, installed, quarantined] = await commissionAll(f, implantLot, IMPLANT_GTIN, ["H-1", "H-2", "H-3"]);
  await deliver(f, m, f.hospital, GLN.hospital, [active, installed, quarantined]);
  await f.lifecycle.connect(f.hospital).install(installed, CARE_SITE, commitment("p"));
  await f.lifecycle.connect(f.hospital).quarantine(quarantined, ethers.id("reason"));
  // An emergency guardian: an account outside every organisation that may only pause.
  const guardian = (await ethers.getSigners())[11];
  await f.directory.grantRole(await f.directory.GUARDIAN_ROLE(), guardian);
  return {
    ...f,
    guardian,
    implantLot,
    ids: { loose, packed, inTransit, atDistributor, active, installed, quarantined },
    box,
    quarantinedBox,
    openShipment,
  };
}
type F = Awaited<ReturnType<typeof fixture>>;

// ===== THE TABLE =====

const CALLERS = [
  "manufacturer",
  "distributor",
  "hospital",
  "service",
  "regulator",
  "gateway",
  "admin",
  "guardian",
  "outsider",
] as const;
type Caller = (typeof CALLERS)[number];
type ContractKey = "directory" | "products" | "devices" | "lifecycle" | "recalls" | "anchors";

const CALLER_GLN: Record<Caller, bigint> = {
  manufacturer: GLN.manufacturer,
  distributor: GLN.distributor,
  hospital: GLN.hospital,
  service: GLN.service,
  regulator: GLN.regulator,
  gateway: GLN.gateway,
  admin: 0n,
  guardian: 0n,
  outsider: 0n,
};

/** What a refused caller gets: the contract declaring the error, its name and its arguments. */
interface Refusal {
  on: ContractKey;
  error: string;
  args: (f: F, account: string) => unknown[];
}

interface Row {
  /** Contract and full function signature, exactly as in the ABI. */
  contract: ContractKey;
  signature: string;
  /** Callers whose call succeeds. */
  allowed: readonly Caller[];
  /** Event the successful call emits. */
  event?: string;
  /** Arguments valid for the allowed callers. */
  args: (f: F) => unknown[];
  /** State the call needs beyond the fixture (run inside the call's snapshot). */
  prepare?: (f: F) => Promise<unknown>;
  /** The error each refused caller gets. */
  refusal: (caller: Caller) => Refusal;
}

const ADMIN_ROLE = ethers.ZeroHash;
const AUDITOR_ROLE = ethers.id("AUDITOR");

/** A refusal by `error` on `on` whose only argument is the calling account. */
const accountError = (on: ContractKey, error: string) => (): Refusal => ({
  on,
  error,
  args: (_f: F, account: string) => [account],
});
/** Directory writes gated by OpenZeppelin's DEFAULT_ADMIN_ROLE. */
const directoryAdmin = (): Refusal => ({
  on: "directory",
  error: "AccessControlUnauthorizedAccount",
  args: (_f: F, account: string) => [account, ADMIN_ROLE],
});
/** Registry pause controls gated by ConsortiumGated. */
const gatedAdmin = (on: ContractKey) => accountError(on, "ConsortiumGatedUnauthorised");
/** Writes that first resolve the caller through `directory.member`: admin and outsider are not members. */
const member =
  (refusal: (org: bigint) => Refusal) =>
  (caller: Caller): Refusal =>
    CALLER_GLN[caller] === 0n ? accountError("directory", "DirectoryUnknownAccount")() : refusal(CALLER_GLN[caller]);
/** A member's refusal by `error` on `on`, with arguments that name the caller's organisation. */
const memberError = (on: ContractKey, error: string, args: (f: F, org: bigint) => unknown[]) =>
  member((org) => ({ on, error, args: (f: F) => args(f, org) }));
const missingRole = (on: ContractKey, role: number) =>
  member((org) => ({ on, error: "ConsortiumGatedMissingRole", args: () => [org, role] }));
const moduleOnly = accountError("devices", "DeviceRegistryUnauthorisedModule");
const EVERY_MEMBER = ["manufacturer", "distributor", "hospital", "service", "regulator", "gateway"] as const;

/** The directory's pause, open to the admin and the guardians. */
const directoryPauser = accountError("directory", "DirectoryUnauthorisedPause");

/** A guardian pauses every contract at once; only the admin unpauses. */
const pauseRows = (contract: ContractKey): Row[] => {
  const refusal = contract === "directory" ? directoryAdmin : gatedAdmin(contract);
  const pauseRefusal = contract === "directory" ? directoryPauser : refusal;
  return [
    {
      contract,
      signature: "pause()",
      allowed: ["admin", "guardian"],
      event: "Paused",
      args: () => [],
      refusal: pauseRefusal,
    },
    {
      contract,
      signature: "unpause()",
      allowed: ["admin"],
      event: "Unpaused",
      args: () => [],
      prepare: (f) => (f[contract] as unknown as { pause(): Promise<unknown> }).pause(),
      refusal,
    },
  ];
};

/** The manufacturer recalls the fixture's lot (recall 1). */
const issueLotRecall = (f: F) =>
  f.recalls.connect(f.manufacturer).issueRecall(recallNotice(GTIN, HoldScope.Lots, { lotKeys: [f.lotKey] }));

const NEW_GLN = gln("061414900001");
const NEW_GTIN = gtin("0061414100036");

const TABLE: Row[] = [
  // ----- ConsortiumDirectory -----
  ...pauseRows("directory"),
  {
    contract: "directory",
    signature: "acceptDefaultAdminTransfer()",
    allowed: ["admin"], // the pending admin: here the admin re-confirming its own key
    event: "RoleGranted",
    prepare: async (f) => {
      await f.directory.beginDefaultAdminTransfer(f.admin);
      await time.increase(3n * DAY);
    },
    args: () => [],
    refusal: accountError("directory", "AccessControlInvalidDefaultAdmin"),
  },
  {
    contract: "directory",
    signature: "addAccount(uint64,address)",
    allowed: ["admin"],
    event: "AccountAdded",
    args: (f) => [GLN.hospital, f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "admitOrganisation(uint64,uint8,address)",
    allowed: ["admin"],
    event: "OrganisationAdmitted",
    args: (f) => [NEW_GLN, roleMask(Role.Distributor), f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "assignCompanyPrefix(uint64,string)",
    allowed: ["admin"],
    event: "CompanyPrefixAssigned",
    args: () => [GLN.manufacturer, "0614143"],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "beginDefaultAdminTransfer(address)",
    allowed: ["admin"],
    event: "DefaultAdminTransferScheduled",
    args: (f) => [f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "cancelDefaultAdminTransfer()",
    allowed: ["admin"],
    event: "DefaultAdminTransferCanceled",
    prepare: (f) => f.directory.beginDefaultAdminTransfer(f.spare),
    args: () => [],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "changeDefaultAdminDelay(uint48)",
    allowed: ["admin"],
    event: "DefaultAdminDelayChangeScheduled",
    args: () => [DAY],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "grantOrganisationRole(uint64,uint8)",
    allowed: ["admin"],
    event: "OrganisationRoleGranted",
    args: () => [GLN.distributor, Role.ServiceProvider],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "grantRole(bytes32,address)",
    allowed: ["admin"],
    event: "RoleGranted",
    args: (f) => [AUDITOR_ROLE, f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "reactivateOrganisation(uint64)",
    allowed: ["admin"],
    event: "OrganisationReactivated",
    prepare: (f) => f.directory.suspendOrganisation(GLN.otherHospital),
    args: () => [GLN.otherHospital],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "removeAccount(address)",
    allowed: ["admin"],
    event: "AccountRemoved",
    args: (f) => [f.otherHospital.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "renounceRole(bytes32,address)",
    allowed: ["admin"], // only the holder itself, confirming its own address
    event: "RoleRevoked",
    prepare: (f) => f.directory.grantRole(AUDITOR_ROLE, f.admin),
    args: (f) => [AUDITOR_ROLE, f.admin.address],
    refusal: () => ({ on: "directory", error: "AccessControlBadConfirmation", args: () => [] }),
  },
  {
    contract: "directory",
    signature: "revokeCompanyPrefix(string)",
    allowed: ["admin"],
    event: "CompanyPrefixRevoked",
    args: () => [OTHER_PREFIX],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "revokeOrganisationRole(uint64,uint8)",
    allowed: ["admin"],
    event: "OrganisationRoleRevoked",
    args: () => [GLN.otherHospital, Role.HealthcareProvider],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "revokeRole(bytes32,address)",
    allowed: ["admin"],
    event: "RoleRevoked",
    prepare: (f) => f.directory.grantRole(AUDITOR_ROLE, f.spare),
    args: (f) => [AUDITOR_ROLE, f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "rollbackDefaultAdminDelay()",
    allowed: ["admin"],
    event: "DefaultAdminDelayChangeCanceled",
    prepare: (f) => f.directory.changeDefaultAdminDelay(DAY),
    args: () => [],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "rotateAccount(address,address)",
    allowed: ["admin", "manufacturer"], // the admin, or the account rotating itself
    event: "AccountRotated",
    args: (f) => [f.manufacturer.address, f.spare.address],
    refusal: () => ({
      on: "directory",
      error: "DirectoryUnauthorisedRotation",
      args: (f: F, account: string) => [account, f.manufacturer.address],
    }),
  },
  {
    contract: "directory",
    signature: "setOrganisationValidator(uint64,address)",
    allowed: ["admin"],
    event: "OrganisationValidatorChanged",
    args: (f) => [GLN.regulator, f.spare.address],
    refusal: directoryAdmin,
  },
  {
    contract: "directory",
    signature: "suspendOrganisation(uint64)",
    allowed: ["admin"],
    event: "OrganisationSuspended",
    args: () => [GLN.otherHospital],
    refusal: directoryAdmin,
  },

  // ----- ProductRegistry -----
  ...pauseRows("products"),
  {
    contract: "products",
    signature: "registerProduct(uint64,bytes32,bool,bool)",
    allowed: ["manufacturer"],
    event: "ProductRegistered",
    args: () => [NEW_GTIN, ethers.id("new-ifu"), true, false],
    refusal: missingRole("products", Role.Manufacturer),
  },
  {
    contract: "products",
    signature: "updateProductMetadata(uint64,bytes32)",
    allowed: ["manufacturer"],
    event: "ProductMetadataUpdated",
    args: () => [GTIN, ethers.id("ifu-v2")],
    refusal: memberError("products", "ProductRegistryNotManufacturer", (_f, org) => [GTIN, org]),
  },

  // ----- DeviceRegistry -----
  ...pauseRows("devices"),
  {
    contract: "devices",
    signature: "registerLot(uint64,string,uint40,uint40)",
    allowed: ["manufacturer"],
    event: "LotRegistered",
    args: (f) => [GTIN, "LOT-NEW", f.now, f.now + 365n * DAY],
    refusal: missingRole("devices", Role.Manufacturer),
  },
  {
    contract: "devices",
    signature: "commission(uint32,string)",
    allowed: ["manufacturer"],
    event: "DeviceCommissioned",
    args: (f) => [f.lotKey, "NEW-1"],
    refusal: missingRole("devices", Role.Manufacturer),
  },
  {
    contract: "devices",
    signature: "commissionBatch(uint32,string[])",
    allowed: ["manufacturer"],
    event: "DevicesCommissioned",
    args: (f) => [f.lotKey, ["NEW-1", "NEW-2"]],
    refusal: missingRole("devices", Role.Manufacturer),
  },
  {
    contract: "devices",
    signature: "pack(uint64,bytes32[])",
    allowed: ["manufacturer"],
    event: "DevicesPacked",
    args: (f) => [ssccOf(3), [f.ids.loose]],
    refusal: memberError("devices", "DeviceRegistryNotCustodian", (f, org) => [f.ids.loose, org]),
  },
  {
    contract: "devices",
    signature: "unpack(uint64,bytes32[])",
    allowed: ["manufacturer"],
    event: "DevicesUnpacked",
    args: (f) => [f.box, [f.ids.packed]],
    refusal: memberError("devices", "DeviceRegistryContainerNotCustodian", (f, org) => [f.box, org]),
  },
  {
    contract: "devices",
    signature: "releaseContainer(uint64)",
    allowed: ["distributor"],
    event: "ContainerReleased",
    args: (f) => [f.quarantinedBox],
    refusal: memberError("devices", "DeviceRegistryContainerNotCustodian", (f, org) => [f.quarantinedBox, org]),
  },
  {
    contract: "devices",
    signature: "ship(uint64,bytes32[],uint64[],bytes32,bool)",
    allowed: ["manufacturer"],
    event: "ShipmentDispatched",
    args: (f) => [GLN.otherHospital, [f.ids.loose], [], DOC, false],
    refusal: memberError("devices", "DeviceRegistryNotCustodian", (f, org) => [f.ids.loose, org]),
  },
  ...(
    [
      ["receiveShipment(uint32,bytes32[],uint64[])", "distributor", "ShipmentReceived", "DeviceRegistryNotRecipient"],
      ["rejectShipment(uint32,bytes32[],uint64[])", "distributor", "ShipmentRejected", "DeviceRegistryNotRecipient"],
      ["cancelShipment(uint32,bytes32[],uint64[])", "manufacturer", "ShipmentCancelled", "DeviceRegistryNotSender"],
    ] as const
  ).map(([signature, allowed, event, error]): Row => ({
    contract: "devices",
    signature,
    allowed: [allowed],
    event,
    args: (f) => [f.openShipment, [f.ids.inTransit], []],
    refusal: memberError("devices", error, (f, org) => [f.openShipment, org]),
  })),
  {
    contract: "devices",
    signature: "wireModules(address,address,address)",
    allowed: [], // once, by the deployer, during deployment
    args: (f) => [f.spare.address, f.spare.address, f.spare.address],
    refusal: accountError("devices", "DeviceRegistryWiringClosed"),
  },
  {
    contract: "devices",
    signature: "setDeviceStatus(bytes32,uint8)",
    allowed: [],
    args: (f) => [f.ids.loose, 6],
    refusal: moduleOnly,
  },
  {
    contract: "devices",
    signature: "placeHold(uint32,uint64,uint8,uint64,uint32[],bytes32[])",
    allowed: [],
    args: () => [1, GTIN, HoldScope.Product, GLN.manufacturer, [], []],
    refusal: moduleOnly,
  },
  { contract: "devices", signature: "releaseHold(uint64)", allowed: [], args: () => [GTIN], refusal: moduleOnly },
  {
    contract: "devices",
    signature: "clearDeviceHold(bytes32,uint32)",
    allowed: [],
    args: (f) => [f.ids.loose, 1],
    refusal: moduleOnly,
  },
  {
    contract: "devices",
    signature: "flagShipmentExcursion(uint32)",
    allowed: [],
    args: (f) => [f.openShipment],
    refusal: moduleOnly,
  },

  // ----- DeviceLifecycle -----
  ...pauseRows("lifecycle"),
  {
    contract: "lifecycle",
    signature: "install(bytes32,uint64,bytes32)",
    allowed: ["hospital"],
    event: "DeviceInstalled",
    args: (f) => [f.ids.active, CARE_SITE, commitment("procedure")],
    refusal: missingRole("lifecycle", Role.HealthcareProvider),
  },
  ...(
    [
      ["explant(bytes32,bytes32)", "DeviceExplanted", (f: F) => [f.ids.installed, commitment("explant")]],
      ["quarantine(bytes32,bytes32)", "DeviceQuarantined", (f: F) => [f.ids.active, ethers.id("reason")]],
      ["release(bytes32)", "DeviceReleased", (f: F) => [f.ids.quarantined]],
      ["decommission(bytes32)", "DeviceDecommissioned", (f: F) => [f.ids.active]],
      ["destroy(bytes32)", "DeviceDestroyed", (f: F) => [f.ids.active]],
    ] as const
  ).map(([signature, event, args]): Row => ({
    contract: "lifecycle",
    signature,
    allowed: ["hospital"],
    event,
    args,
    refusal: memberError("lifecycle", "DeviceLifecycleNotCustodian", (f, org) => [args(f)[0], org]),
  })),
  {
    contract: "lifecycle",
    signature: "recordService(bytes32,uint8,bytes32)",
    allowed: ["hospital", "service"], // the custodian, or the service provider it authorised
    event: "ServiceRecorded",
    prepare: (f) => f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true),
    args: (f) => [f.ids.installed, ServiceOutcome.Conformant, ethers.id("report")],
    refusal: missingRole("lifecycle", Role.ServiceProvider),
  },
  {
    contract: "lifecycle",
    signature: "recordSoftwareUpdate(bytes32,string,bytes32)",
    allowed: ["hospital", "service"],
    event: "SoftwareUpdated",
    prepare: (f) => f.lifecycle.connect(f.hospital).authoriseServiceProvider(GLN.service, true),
    args: (f) => [f.ids.installed, "2.0.0", ethers.id("image")],
    refusal: missingRole("lifecycle", Role.ServiceProvider),
  },
  {
    contract: "lifecycle",
    signature: "authoriseServiceProvider(uint64,bool)",
    allowed: EVERY_MEMBER, // each organisation authorises servicers of its own devices
    event: "ServiceProviderAuthorised",
    args: () => [GLN.service, true],
    refusal: member(() => {
      throw new Error("every member is allowed");
    }),
  },

  // ----- RecallRegistry -----
  ...pauseRows("recalls"),
  {
    contract: "recalls",
    signature: "issueRecall((uint64,uint8,uint8,uint8,uint64,bytes32,uint32[],bytes32[]))",
    allowed: ["manufacturer", "regulator"],
    event: "RecallIssued",
    args: (f) => [recallNotice(GTIN, HoldScope.Lots, { lotKeys: [f.lotKey] })],
    refusal: memberError("recalls", "RecallRegistryNotIssuer", (_f, org) => [GTIN, org]),
  },
  {
    contract: "recalls",
    signature: "acknowledgeRecall(uint32)",
    allowed: EVERY_MEMBER,
    event: "RecallAcknowledged",
    prepare: issueLotRecall,
    args: () => [1],
    refusal: member(() => {
      throw new Error("every member is allowed");
    }),
  },
  {
    contract: "recalls",
    signature: "recordDisposition(uint32,bytes32,uint8)",
    allowed: ["manufacturer", "distributor"], // the recall's issuer, or the device's custodian
    event: "RecallDispositionRecorded",
    prepare: issueLotRecall,
    args: (f) => [1, f.ids.atDistributor, Disposition.Corrected],
    refusal: memberError("recalls", "RecallRegistryDispositionNotAllowed", (f, org) => [1, f.ids.atDistributor, org]),
  },
  {
    contract: "recalls",
    signature: "terminateRecall(uint32)",
    allowed: ["manufacturer"],
    event: "RecallTerminated",
    prepare: issueLotRecall,
    args: () => [1],
    refusal: memberError("recalls", "RecallRegistryNotRecallIssuer", (_f, org) => [1, org]),
  },

  // ----- DataAnchorRegistry -----
  ...pauseRows("anchors"),
  {
    contract: "anchors",
    signature: "anchor((uint8,bytes32,bytes32,uint32,uint40,uint40,bytes32,bool))",
    allowed: ["manufacturer", "distributor", "gateway"], // the shipment's two parties, or a data gateway
    event: "DataAnchored",
    args: (f) => [anchorRequest(AnchorTarget.Shipment, word(f.openShipment))],
    refusal: memberError("anchors", "DataAnchorRegistryNotParty", (f, org) => [
      AnchorTarget.Shipment,
      word(f.openShipment),
      org,
    ]),
  },
];

const CONTRACTS: Array<[ContractKey, string]> = [
  ["directory", "ConsortiumDirectory"],
  ["products", "ProductRegistry"],
  ["devices", "DeviceRegistry"],
  ["lifecycle", "DeviceLifecycle"],
  ["recalls", "RecallRegistry"],
  ["anchors", "DataAnchorRegistry"],
];

function accountOf(f: F, caller: Caller): HardhatEthersSigner {
  return f[caller];
}

describe(`role matrix: ${TABLE.length} functions × ${CALLERS.length} callers = ${TABLE.length * CALLERS.length} calls`, () => {
  describe("the table", () => {
    for (const [key, name] of CONTRACTS) {
      it(`lists every state-changing function of ${name}, and nothing else`, async () => {
        const factory = await ethers.getContractFactory(name);
        const fromAbi: string[] = [];
        factory.interface.forEachFunction((fn) => {
          if (fn.stateMutability !== "view" && fn.stateMutability !== "pure") fromAbi.push(fn.format("sighash"));
        });
        const inTable = TABLE.filter((r) => r.contract === key).map((r) => r.signature);
        expect([...inTable].sort()).to.deep.equal([...fromAbi].sort());
      });
    }

    it("has one row per function", () => {
      const keys = TABLE.map((r) => `${r.contract}.${r.signature}`);
      expect(new Set(keys).size).to.equal(keys.length);
    });
  });

  for (const row of TABLE) {
    describe(`${row.contract}.${row.signature}`, () => {
      for (const caller of CALLERS) {
        const allowed = row.allowed.includes(caller);
        const title = allowed ? `allows the ${caller}` : `refuses the ${caller} with ${row.refusal(caller).error}`;
        it(title, async () => {
          const f = await loadFixture(fixture);
          if (row.prepare) await row.prepare(f);
          const account = accountOf(f, caller);
          const target = f[row.contract] as unknown as BaseContract;
          const call = (): Promise<ContractTransactionResponse> =>
            target.connect(account).getFunction(row.signature)(...row.args(f));
          if (allowed) {
            await expect(call()).to.emit(target, row.event!);
          } else {
            const refusal = row.refusal(caller);
            await expect(call())
              .to.be.revertedWithCustomError(f[refusal.on] as unknown as BaseContract, refusal.error)
              .withArgs(...refusal.args(f, account.address));
          }
        });
      }
    });
  }
});

describe("pausing, from the role matrix's accounts", () => {
  const writes: Record<ContractKey, (f: F) => Promise<ContractTransactionResponse>> = {
    directory: (f) => f.directory.admitOrganisation(NEW_GLN, roleMask(Role.Distributor), f.spare),
    products: (f) => f.products.connect(f.manufacturer).registerProduct(NEW_GTIN, ethers.id("x"), false, false),
    devices: (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, "NEW-1"),
    lifecycle: (f) => f.lifecycle.connect(f.hospital).quarantine(f.ids.active, ethers.id("reason")),
    recalls: (f) =>
      f.recalls.connect(f.regulator).issueRecall(recallNotice(GTIN, HoldScope.Lots, { lotKeys: [f.lotKey] })),
    anchors: (f) => f.anchors.connect(f.gateway).anchor(anchorRequest(AnchorTarget.Lot, word(f.lotKey))),
  };
  for (const [key, name] of CONTRACTS) {
    describe(name, () => {
      shouldBehaveLikePausable(async () => {
        const f = await loadFixture(fixture);
        const target = f[key] as unknown as PausableTarget;
        return {
          target,
          admin: f.admin,
          refused: CALLERS.filter((c) => c !== "admin" && c !== "guardian").map((c) => accountOf(f, c)),
          refusal: [target, key === "directory" ? "DirectoryUnauthorisedPause" : "ConsortiumGatedUnauthorised"],
          unpauseRefusal: [
            target,
            key === "directory" ? "AccessControlUnauthorizedAccount" : "ConsortiumGatedUnauthorised",
          ],
          write: () => writes[key](f),
        };
      });
    });
  }
});
