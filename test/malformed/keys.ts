import { ethers } from "hardhat";
import { gln, gtin, GLN, GTIN } from "../fixtures";
import { withBadCheckDigit } from "../helpers/directory";
import { CARE_SITE, commitment, ssccOf } from "../helpers/scenario";
import { LONG, NEW_GLN, type Entry } from "./fixture";

/** Malformed keys and strings: zero addresses; empty, overlong and out-of-charset serials, lot numbers and versions;
 * GTINs, GLNs, SSCCs and company prefixes with bad check digits, lengths or characters. */
export const KEY_ENTRIES: Entry[] = [
  // ===== ZERO ADDRESSES =====
  [
    "admit an organisation with the zero account",
    (f) => f.directory.admitOrganisation(NEW_GLN, 2, ethers.ZeroAddress),
    "directory",
    "DirectoryZeroAccount",
    () => [],
  ],
  [
    "add the zero account",
    (f) => f.directory.addAccount(GLN.hospital, ethers.ZeroAddress),
    "directory",
    "DirectoryZeroAccount",
    () => [],
  ],
  [
    "rotate an account to the zero address",
    (f) => f.directory.rotateAccount(f.hospital, ethers.ZeroAddress),
    "directory",
    "DirectoryZeroAccount",
    () => [],
  ],
  [
    "remove the zero account",
    (f) => f.directory.removeAccount(ethers.ZeroAddress),
    "directory",
    "DirectoryUnknownAccount",
    () => [ethers.ZeroAddress],
  ],
  // ===== SERIALS AND LOT NUMBERS =====
  [
    "commission an empty serial",
    (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, ""),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => [""],
  ],
  [
    "commission a 21-character serial",
    (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, LONG),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => [LONG],
  ],
  [
    "commission a serial with a space",
    (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, "SN 1"),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => ["SN 1"],
  ],
  [
    "commission a serial with a non-ASCII letter",
    (f) => f.devices.connect(f.manufacturer).commission(f.lotKey, "SNé"),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => ["SNé"],
  ],
  [
    "commission a batch whose second serial is empty",
    (f) => f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, ["OK-1", ""]),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => [""],
  ],
  [
    "register an empty lot number",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, "", 0, 0),
    "devices",
    "DeviceRegistryInvalidLotNumber",
    () => [""],
  ],
  [
    "register a 21-character lot number",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, LONG, 0, 0),
    "devices",
    "DeviceRegistryInvalidLotNumber",
    () => [LONG],
  ],
  [
    "register a lot number with '#'",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, "LOT#1", 0, 0),
    "devices",
    "DeviceRegistryInvalidLotNumber",
    () => ["LOT#1"],
  ],
  [
    "register a lot expiring before it was made",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, "L-2", 200, 100),
    "devices",
    "DeviceRegistryInvalidLotDates",
    () => [200, 100],
  ],
  [
    "record a software update with an empty version",
    (f) => f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.expired, "", ethers.id("i")),
    "lifecycle",
    "DeviceLifecycleInvalidVersion",
    () => [""],
  ],
  [
    "record a software update with a 65-byte version",
    (f) => f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.expired, "v".repeat(65), ethers.id("i")),
    "lifecycle",
    "DeviceLifecycleInvalidVersion",
    () => ["v".repeat(65)],
  ],
  // ===== CHECK DIGITS AND LENGTHS: GTIN, GLN, SSCC, COMPANY PREFIX =====
  [
    "register a GTIN with a bad check digit",
    (f) => f.products.connect(f.manufacturer).registerProduct(withBadCheckDigit(GTIN), ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryInvalidGtin",
    () => [withBadCheckDigit(GTIN)],
  ],
  [
    "register a 15-digit GTIN",
    (f) => f.products.connect(f.manufacturer).registerProduct(10n ** 14n + GTIN, ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryInvalidGtin",
    () => [10n ** 14n + GTIN],
  ],
  [
    // 10^14 has 15 digits whose last 14 are zeros with a zero check digit: only the length check refuses it.
    "register GTIN 10^14",
    (f) => f.products.connect(f.manufacturer).registerProduct(10n ** 14n, ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryInvalidGtin",
    () => [10n ** 14n],
  ],
  [
    "register GTIN zero",
    (f) => f.products.connect(f.manufacturer).registerProduct(0, ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryInvalidGtin",
    () => [0],
  ],
  [
    "admit GLN 10^13",
    (f) => f.directory.admitOrganisation(10n ** 13n, 2, f.spare),
    "directory",
    "DirectoryInvalidGln",
    () => [10n ** 13n],
  ],
  [
    "pack into SSCC 10^18",
    (f) => f.devices.connect(f.manufacturer).pack(10n ** 18n, [f.stock[0]]),
    "devices",
    "DeviceRegistryInvalidSscc",
    () => [10n ** 18n],
  ],
  [
    // A GTIN whose indicator digit is 1 uses all 14 digits: it is a valid key, refused only for its prefix.
    "register a 14-digit GTIN (indicator digit 1) under another manufacturer's prefix",
    (f) =>
      f.products.connect(f.otherManufacturer).registerProduct(gtin("1061414100012"), ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryPrefixNotOwned",
    () => [gtin("1061414100012"), GLN.otherManufacturer],
  ],
  [
    // 3|0614141|99999|7: a prefix lookup that let the indicator digit carry into the digits after it
    // (0614141999997 + 3) would read prefix 0614142, the other manufacturer's.
    "register a GTIN (indicator digit 3, item reference 99999) under another manufacturer's prefix",
    (f) =>
      f.products.connect(f.otherManufacturer).registerProduct(gtin("3061414199999"), ethers.ZeroHash, false, false),
    "products",
    "ProductRegistryPrefixNotOwned",
    () => [gtin("3061414199999"), GLN.otherManufacturer],
  ],
  [
    // A GLN whose first digit is not 0 uses all 13 digits: it is a valid key, refused only for the empty role mask.
    "admit a 13-digit GLN (first digit 5) with an empty role mask",
    (f) => f.directory.admitOrganisation(gln("561414100001"), 0, f.spare),
    "directory",
    "DirectoryInvalidRoles",
    () => [0],
  ],
  [
    "admit a GLN with a bad check digit",
    (f) => f.directory.admitOrganisation(withBadCheckDigit(NEW_GLN), 2, f.spare),
    "directory",
    "DirectoryInvalidGln",
    () => [withBadCheckDigit(NEW_GLN)],
  ],
  [
    "admit GLN zero",
    (f) => f.directory.admitOrganisation(0, 2, f.spare),
    "directory",
    "DirectoryInvalidGln",
    () => [0],
  ],
  [
    "admit a 14-digit GLN",
    (f) => f.directory.admitOrganisation(gtin("1061415000001"), 2, f.spare),
    "directory",
    "DirectoryInvalidGln",
    () => [gtin("1061415000001")],
  ],
  [
    "install at a care site with a bad check digit",
    (f) => f.lifecycle.connect(f.hospital).install(f.expired, withBadCheckDigit(CARE_SITE), commitment("p")),
    "lifecycle",
    "DeviceLifecycleInvalidCareSite",
    () => [withBadCheckDigit(CARE_SITE)],
  ],
  [
    "pack into an SSCC with a bad check digit",
    (f) => f.devices.connect(f.manufacturer).pack(withBadCheckDigit(ssccOf(9)), [f.stock[0]]),
    "devices",
    "DeviceRegistryInvalidSscc",
    () => [withBadCheckDigit(ssccOf(9))],
  ],
  [
    "pack into SSCC zero",
    (f) => f.devices.connect(f.manufacturer).pack(0, [f.stock[0]]),
    "devices",
    "DeviceRegistryInvalidSscc",
    () => [0],
  ],
  [
    "pack into a 19-digit SSCC",
    (f) => f.devices.connect(f.manufacturer).pack(10n ** 18n + ssccOf(9), [f.stock[0]]),
    "devices",
    "DeviceRegistryInvalidSscc",
    () => [10n ** 18n + ssccOf(9)],
  ],
  [
    "assign a company prefix with a letter",
    (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "06141A"),
    "directory",
    "DirectoryInvalidCompanyPrefix",
    () => ["06141A"],
  ],
  [
    "assign a company prefix with a '-' (below '0')",
    (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "0614-41"),
    "directory",
    "DirectoryInvalidCompanyPrefix",
    () => ["0614-41"],
  ],
  [
    "assign a 3-digit company prefix",
    (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "061"),
    "directory",
    "DirectoryInvalidCompanyPrefix",
    () => ["061"],
  ],
  [
    "assign a 13-digit company prefix",
    (f) => f.directory.assignCompanyPrefix(GLN.manufacturer, "0614141000001"),
    "directory",
    "DirectoryInvalidCompanyPrefix",
    () => ["0614141000001"],
  ],
];
