import { ethers } from "hardhat";
import { gln, gtin, GLN, GTIN } from "../fixtures";
import { withBadCheckDigit } from "../helpers/directory";
import { CARE_SITE, commitment, ssccOf } from "../helpers/scenario";
import { LONG, NEW_GLN, type Entry, type MalformedFixture } from "./fixture";

/**
 * A family of entries: one write refused for the value it is given, with an error whose only argument is that value.
 * Each entry is [label, (f) => write(f, value), contract, error, () => [value]].
 */
const refusedValue =
  <V>(contract: Entry[2], error: string, write: (f: MalformedFixture, value: V) => ReturnType<Entry[1]>) =>
  (label: string, value: V): Entry => [label, (f) => write(f, value), contract, error, () => [value]];

const invalidSerial = refusedValue("devices", "DeviceRegistryInvalidSerial", (f, serial: string) =>
  f.devices.connect(f.manufacturer).commission(f.lotKey, serial),
);
const invalidLotNumber = refusedValue("devices", "DeviceRegistryInvalidLotNumber", (f, lotNumber: string) =>
  f.devices.connect(f.manufacturer).registerLot(GTIN, lotNumber, 0, 0),
);
const invalidVersion = refusedValue("lifecycle", "DeviceLifecycleInvalidVersion", (f, version: string) =>
  f.lifecycle.connect(f.hospital).recordSoftwareUpdate(f.expired, version, ethers.id("i")),
);
const invalidGtin = refusedValue("products", "ProductRegistryInvalidGtin", (f, key: bigint | number) =>
  f.products.connect(f.manufacturer).registerProduct(key, ethers.ZeroHash, false, false),
);
const invalidGln = refusedValue("directory", "DirectoryInvalidGln", (f, key: bigint | number) =>
  f.directory.admitOrganisation(key, 2, f.spare),
);
const invalidSscc = refusedValue("devices", "DeviceRegistryInvalidSscc", (f, key: bigint | number) =>
  f.devices.connect(f.manufacturer).pack(key, [f.stock[0]]),
);
const invalidPrefix = refusedValue("directory", "DirectoryInvalidCompanyPrefix", (f, prefix: string) =>
  f.directory.assignCompanyPrefix(GLN.manufacturer, prefix),
);

/** The other manufacturer registers `key`, a GTIN under the manufacturer's prefix: ProductRegistryPrefixNotOwned. */
const prefixNotOwned = (label: string, key: bigint): Entry => [
  label,
  (f) => f.products.connect(f.otherManufacturer).registerProduct(key, ethers.ZeroHash, false, false),
  "products",
  "ProductRegistryPrefixNotOwned",
  () => [key, GLN.otherManufacturer],
];

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
  invalidSerial("commission an empty serial", ""),
  invalidSerial("commission a 21-character serial", LONG),
  invalidSerial("commission a serial with a space", "SN 1"),
  invalidSerial("commission a serial with a non-ASCII letter", "SNé"),
  [
    "commission a batch whose second serial is empty",
    (f) => f.devices.connect(f.manufacturer).commissionBatch(f.lotKey, ["OK-1", ""]),
    "devices",
    "DeviceRegistryInvalidSerial",
    () => [""],
  ],
  invalidLotNumber("register an empty lot number", ""),
  invalidLotNumber("register a 21-character lot number", LONG),
  invalidLotNumber("register a lot number with '#'", "LOT#1"),
  [
    "register a lot expiring before it was made",
    (f) => f.devices.connect(f.manufacturer).registerLot(GTIN, "L-2", 200, 100),
    "devices",
    "DeviceRegistryInvalidLotDates",
    () => [200, 100],
  ],
  invalidVersion("record a software update with an empty version", ""),
  invalidVersion("record a software update with a 65-byte version", "v".repeat(65)),
  // ===== CHECK DIGITS AND LENGTHS: GTIN, GLN, SSCC, COMPANY PREFIX =====
  invalidGtin("register a GTIN with a bad check digit", withBadCheckDigit(GTIN)),
  invalidGtin("register a 15-digit GTIN", 10n ** 14n + GTIN),
  // 10^14 has 15 digits whose last 14 are zeros with a zero check digit: only the length check refuses it.
  invalidGtin("register GTIN 10^14", 10n ** 14n),
  invalidGtin("register GTIN zero", 0),
  invalidGln("admit GLN 10^13", 10n ** 13n),
  invalidSscc("pack into SSCC 10^18", 10n ** 18n),
  // A GTIN whose indicator digit is 1 uses all 14 digits: it is a valid key, refused only for its prefix.
  prefixNotOwned(
    "register a 14-digit GTIN (indicator digit 1) under another manufacturer's prefix",
    gtin("1061414100012"),
  ),
  // 3|0614141|99999|7: a prefix lookup that let the indicator digit carry into the digits after it
  // (0614141999997 + 3) would read prefix 0614142, the other manufacturer's.
  prefixNotOwned(
    "register a GTIN (indicator digit 3, item reference 99999) under another manufacturer's prefix",
    gtin("3061414199999"),
  ),
  [
    // A GLN whose first digit is not 0 uses all 13 digits: it is a valid key, refused only for the empty role mask.
    "admit a 13-digit GLN (first digit 5) with an empty role mask",
    (f) => f.directory.admitOrganisation(gln("561414100001"), 0, f.spare),
    "directory",
    "DirectoryInvalidRoles",
    () => [0],
  ],
  invalidGln("admit a GLN with a bad check digit", withBadCheckDigit(NEW_GLN)),
  invalidGln("admit GLN zero", 0),
  invalidGln("admit a 14-digit GLN", gtin("1061415000001")),
  [
    "install at a care site with a bad check digit",
    (f) => f.lifecycle.connect(f.hospital).install(f.expired, withBadCheckDigit(CARE_SITE), commitment("p")),
    "lifecycle",
    "DeviceLifecycleInvalidCareSite",
    () => [withBadCheckDigit(CARE_SITE)],
  ],
  invalidSscc("pack into an SSCC with a bad check digit", withBadCheckDigit(ssccOf(9))),
  invalidSscc("pack into SSCC zero", 0),
  invalidSscc("pack into a 19-digit SSCC", 10n ** 18n + ssccOf(9)),
  invalidPrefix("assign a company prefix with a letter", "06141A"),
  invalidPrefix("assign a company prefix with a '-' (below '0')", "0614-41"),
  invalidPrefix("assign a 3-digit company prefix", "061"),
  invalidPrefix("assign a 13-digit company prefix", "0614141000001"),
];
