import { ethers } from "hardhat";
import { GLN } from "../fixtures";
import { CARE_SITE, DOC, anchorRequest, commitment, serialsOf, ssccOf, word } from "../helpers/scenario";
import { AnchorTarget, HoldScope } from "../helpers/lifecycle";
import { CASE, EMPTY, MAX, NEW_GLN, ids401, notice, type Entry } from "./fixture";

/** Limits: expired devices, batches above the cap or empty, zero hashes and undefined enum values. */
export const LIMIT_ENTRIES: Entry[] = [
  // ===== EXPIRED DEVICES =====
  [
    "install a device of an expired lot",
    (f) => f.lifecycle.connect(f.hospital).install(f.expired, CARE_SITE, commitment("p")),
    "lifecycle",
    "DeviceLifecycleDeviceExpired",
    (f) => [f.expired],
  ],
  // ===== BATCHES ABOVE THE CAP, AND EMPTY =====
  [
    "commission 401 serials",
    (f) => f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, serialsOf("C", MAX + 1, 20)),
    "devices",
    "DeviceRegistryBatchTooLarge",
    () => [MAX + 1, MAX],
  ],
  [
    "pack 401 devices",
    (f) => f.devices.connect(f.manufacturer).pack(ssccOf(9), ids401),
    "devices",
    "DeviceRegistryBatchTooLarge",
    () => [MAX + 1, MAX],
  ],
  [
    "unpack 401 devices",
    (f) => f.devices.connect(f.manufacturer).unpack(CASE, ids401),
    "devices",
    "DeviceRegistryBatchTooLarge",
    () => [MAX + 1, MAX],
  ],
  [
    "ship 400 devices and a container",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, ids401.slice(1), [CASE], DOC, false),
    "devices",
    "DeviceRegistryBatchTooLarge",
    () => [MAX + 1, MAX],
  ],
  [
    "recall 401 serials",
    (f) => f.recalls.connect(f.manufacturer).issueRecall(notice({ scope: HoldScope.Serials, deviceIds: ids401 })),
    "recalls",
    "RecallRegistryTooManyItems",
    () => [MAX + 1, MAX],
  ],
  [
    "commission an empty batch",
    (f) => f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, []),
    "devices",
    "DeviceRegistryEmptyBatch",
    () => [],
  ],
  [
    "ship nothing",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, [], [], DOC, false),
    "devices",
    "DeviceRegistryEmptyBatch",
    () => [],
  ],
  [
    "ship an empty container",
    (f) => f.devices.connect(f.manufacturer).ship(GLN.hospital, [], [EMPTY], DOC, false),
    "devices",
    "DeviceRegistryContainerEmpty",
    () => [EMPTY],
  ],
  [
    "bind a 17th account to an organisation",
    (f) => f.directory.addAccount(GLN.otherHospital, f.spare),
    "directory",
    "DirectoryTooManyAccounts",
    () => [GLN.otherHospital, 16],
  ],
  // ===== ZERO HASHES AND UNDEFINED VALUES =====
  [
    "install with a zero procedure commitment",
    (f) => f.lifecycle.connect(f.hospital).install(f.expired, CARE_SITE, ethers.ZeroHash),
    "lifecycle",
    "DeviceLifecycleZeroHash",
    (f) => [f.expired],
  ],
  [
    "record a service with outcome None",
    (f) => f.lifecycle.connect(f.hospital).recordService(f.expired, 0, ethers.id("r")),
    "lifecycle",
    "DeviceLifecycleInvalidOutcome",
    (f) => [f.expired],
  ],
  [
    "anchor a zero root",
    (f) => f.anchors.connect(f.gateway).anchor({ ...anchorRequest(AnchorTarget.Lot, word(1n)), root: ethers.ZeroHash }),
    "anchors",
    "DataAnchorRegistryInvalidAnchor",
    () => [ethers.ZeroHash, 12, 1_790_000_000, 1_790_003_600],
  ],
  [
    "anchor a reversed window",
    (f) => f.anchors.connect(f.gateway).anchor({ ...anchorRequest(AnchorTarget.Lot, word(1n)), windowEnd: 1 }),
    "anchors",
    "DataAnchorRegistryInvalidAnchor",
    () => [ethers.id(`root:${word(1n)}:false`), 12, 1_790_000_000, 1],
  ],
  [
    "admit with an empty role mask",
    (f) => f.directory.admitOrganisation(NEW_GLN, 0, f.spare),
    "directory",
    "DirectoryInvalidRoles",
    () => [0],
  ],
  [
    "admit with an undefined role bit",
    (f) => f.directory.admitOrganisation(NEW_GLN, 0x81, f.spare),
    "directory",
    "DirectoryInvalidRoles",
    () => [0x81],
  ],
  [
    "grant role None",
    (f) => f.directory.grantOrganisationRole(GLN.hospital, 0),
    "directory",
    "DirectoryInvalidRoles",
    () => [0],
  ],
  [
    "recall with class None",
    (f) => f.recalls.connect(f.manufacturer).issueRecall(notice({ recallClass: 0 })),
    "recalls",
    "RecallRegistryInvalidNotice",
    () => [],
  ],
  [
    "recall a product scope listing lots",
    (f) => f.recalls.connect(f.manufacturer).issueRecall(notice({ lotKeys: [f.lotKey] })),
    "recalls",
    "RecallRegistryScopeMismatch",
    () => [HoldScope.Product, 1, 0],
  ],
];
