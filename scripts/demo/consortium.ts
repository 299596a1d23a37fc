import { withCheckDigit } from "../../src/gs1";

/** One organisation of the demo consortium. */
export interface DemoOrganisation {
  key: OrgKey;
  name: string;
  gln: string;
  roles: string[];
  companyPrefixes?: string[];
}

export type OrgKey =
  | "manufacturer"
  | "distributorNorth"
  | "distributorSouth"
  | "hospitalCity"
  | "hospitalCounty"
  | "service"
  | "regulator"
  | "gateway";

const gln = (body12: string) => withCheckDigit(body12);

/** The demo consortium: a manufacturer, two distributors, two hospitals, a service company, a regulator, a gateway. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: "manufacturer",
    name: "Acme Medical",
    gln: gln("061414100001"),
    roles: ["Manufacturer"],
    companyPrefixes: ["0614141"],
  },
  { key: "distributorNorth", name: "North MedLogistics", gln: gln("061414300001"), roles: ["Distributor"] },
  { key: "distributorSouth", name: "South Healthcare Supply", gln: gln("061414300002"), roles: ["Distributor"] },
  { key: "hospitalCity", name: "City General Hospital", gln: gln("061414400001"), roles: ["HealthcareProvider"] },
  { key: "hospitalCounty", name: "County Hospital", gln: gln("061414400002"), roles: ["HealthcareProvider"] },
  { key: "service", name: "FixIt Biomedical Services", gln: gln("061414600001"), roles: ["ServiceProvider"] },
  { key: "regulator", name: "National Device Regulator", gln: gln("061414700001"), roles: ["Regulator"] },
  { key: "gateway", name: "ColdChain Telemetry", gln: gln("061414800001"), roles: ["DataGateway"] },
];

/** A care site (operating theatre) of City General, where implants are installed. */
export const CARE_SITE = gln("061414400101");

/** The consortium config `npm run deploy` bootstraps, one account per organisation (two for City General). */
export function consortiumConfig(accounts: Record<OrgKey, string[]>) {
  return {
    description: "udi-ledger demo consortium (development keys only)",
    organisations: DEMO_ORGANISATIONS.map((o) => ({
      name: o.name,
      gln: o.gln,
      roles: o.roles,
      accounts: accounts[o.key],
      ...(o.companyPrefixes ? { companyPrefixes: o.companyPrefixes } : {}),
    })),
  };
}
