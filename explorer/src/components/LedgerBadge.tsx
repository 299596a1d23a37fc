import { useEffect, useState } from "react";
import { ApiProblem, getJson } from "../api";
import { Link } from "./Link";

export interface VerifyAnswer {
  ok: boolean;
  asOf: { blockNumber: number; blockHash: string; blockTime: string };
  contracts: {
    contract: string;
    storedHead: string;
    chainHead: string;
    storedCount: number;
    chainCount: number;
    ok: boolean;
  }[];
  events: { blocks: number; differences: unknown[] };
  rebuild: { tables: number; differences: unknown[] };
  views: { checked?: number; differences: unknown[] } & Record<string, unknown>;
}

type BadgeState =
  | { kind: "loading" }
  | { kind: "verified"; block: number }
  | { kind: "differs"; block: number; what: string }
  | { kind: "indexed"; block: number | null; why: string };

let verified: { at: number; answer: Promise<VerifyAnswer> } | null = null;
let cached: { at: number; state: Promise<BadgeState> } | null = null;

/** `GET /verify` (a replay of the ledger against the chain), shared by the badge and the ledger page for a minute. */
export function verifyAnswer(): Promise<VerifyAnswer> {
  if (!verified || Date.now() - verified.at >= 60_000) verified = { at: Date.now(), answer: getJson("/verify") };
  return verified.answer;
}

/** The ledger check, shared by every page for a minute: `GET /verify`, else the indexed position from `/health`. */
export function ledgerState(): Promise<BadgeState> {
  if (cached && Date.now() - cached.at < 60_000) return cached.state;
  const state = verifyAnswer().then(
    (v): BadgeState =>
      v.ok
        ? { kind: "verified", block: v.asOf.blockNumber }
        : { kind: "differs", block: v.asOf.blockNumber, what: differences(v) },
    async (error: unknown): Promise<BadgeState> => {
      const why =
        error instanceof ApiProblem && error.status === 403
          ? "not replay-verified (needs an admin token)"
          : `not verified: ${error instanceof ApiProblem ? error.detail : String(error)}`;
      const health = await getJson<{ asOf: { blockNumber: number } }>("/health").catch(() => null);
      return { kind: "indexed", block: health?.asOf.blockNumber ?? null, why };
    },
  );
  cached = { at: Date.now(), state };
  return state;
}

/** What differs, in a few words: the contracts whose heads differ, or the other checks that found differences. */
export function differences(v: VerifyAnswer): string {
  const heads = v.contracts.filter((c) => !c.ok).map((c) => c.contract);
  const parts = [
    heads.length ? `ledger head differs for ${heads.join(", ")}` : "",
    v.events.differences.length ? `${v.events.differences.length} event differences` : "",
    v.rebuild.differences.length ? `${v.rebuild.differences.length} table differences` : "",
    v.views.differences.length ? `${v.views.differences.length} view differences` : "",
  ].filter(Boolean);
  return parts.join("; ") || "differences found";
}

/** The badge on every page: "replay verified at block N", the difference, or the indexed position. */
export function LedgerBadge() {
  const [state, setState] = useState<BadgeState>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    ledgerState().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);
  const text =
    state.kind === "loading"
      ? "checking the ledger…"
      : state.kind === "verified"
        ? `replay verified at block ${state.block}`
        : state.kind === "differs"
          ? `ledger differs at block ${state.block}: ${state.what}`
          : `indexed to block ${state.block ?? "?"}, ${state.why}`;
  return (
    <Link to="/ledger" className={`badge badge-${state.kind}`}>
      <span aria-hidden="true">{state.kind === "verified" ? "✔ " : state.kind === "differs" ? "✖ " : "• "}</span>
      {text}
    </Link>
  );
}
