import { readFileSync } from "node:fs";
import { parseConsortiumConfig } from "../deploy/consortium-config";

/** Organisation names by GLN-13, from a consortium file (`--consortium`): responses name organisations, not only GLNs. */
export interface Organisations {
  name(gln: string): string | null;
  /** `Name (GLN)`, or the GLN alone. */
  label(gln: string): string;
}

export function organisationNames(names: ReadonlyMap<string, string>): Organisations {
  return {
    name: (gln) => names.get(gln) ?? null,
    label: (gln) => (names.has(gln) ? `${names.get(gln)} (${gln})` : gln),
  };
}

/** Reads the names of a consortium file (the one `npm run deploy --consortium` bootstraps from). */
export function readOrganisations(path: string | undefined): Organisations {
  if (!path) return organisationNames(new Map());
  const config = parseConsortiumConfig(JSON.parse(readFileSync(path, "utf8")), path);
  return organisationNames(
    new Map(config.organisations.filter((o) => o.name).map((o) => [o.glnText.padStart(13, "0"), o.name!])),
  );
}
