import { useEffect, useState } from "react";

/**
 * Organisation names learnt from the service's answers (custodian, consignees, shipment parties, inventories): the
 * events themselves carry only GLNs. A name is chain-adjacent data from the consortium file: shown as text only.
 */
const known = new Map<string, string>();
const listeners = new Set<() => void>();

export function learnName(gln: string | null | undefined, name: string | null | undefined): void {
  if (!gln || !name || known.get(gln) === name) return;
  known.set(gln, name);
  for (const l of listeners) l();
}

export const nameOf = (gln: string): string | null => known.get(gln) ?? null;

/** `Name (GLN)`, or `GLN …` when the name is not known. */
export const labelOf = (gln: string): string => (known.has(gln) ? `${known.get(gln)} (${gln})` : `GLN ${gln}`);

/** Re-renders a component when names are learnt (labels computed from them stay current). */
export function useNames(): void {
  const [, rerender] = useState(0);
  useEffect(() => onNamesLearnt(() => rerender((n) => n + 1)), []);
}

export function onNamesLearnt(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
