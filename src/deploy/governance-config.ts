/** The governance section of a consortium config: the governor's and the timelock's parameters, and the guardian. */
export interface GovernanceConfig {
  /** Blocks between a proposal and the start of its vote (the governor counts in blocks: the directory's clock). */
  votingDelay: bigint;
  /** Blocks a vote lasts. */
  votingPeriod: bigint;
  /** Percent of the active organisations whose For or Abstain votes a proposal needs (1 to 100). */
  quorumPercent: bigint;
  /** Seconds between queueing a passed proposal and executing it. */
  timelockDelay: bigint;
  /** The emergency guardian: may pause at once, never unpause, admit or grant. Optional. */
  guardian?: string;
}

export const GOVERNANCE_KEYS = [
  "votingDelayBlocks",
  "votingPeriodBlocks",
  "quorumPercent",
  "timelockDelaySeconds",
  "guardian",
];

/** Defaults of the fields a config may leave out: a vote starts a block later and lasts a day of 2-second blocks. */
const DEFAULTS = { votingDelayBlocks: 1, votingPeriodBlocks: 43_200, quorumPercent: 50 };

type Fail = (field: string, shown: unknown, message: string) => never;

/** Checks the `governance` object of a config; `address` checks and checksums an account. */
export function parseGovernanceConfig(
  raw: Record<string, unknown>,
  fail: Fail,
  address: (value: unknown, field: string) => string,
): GovernanceConfig {
  for (const key of Object.keys(raw)) {
    if (!GOVERNANCE_KEYS.includes(key)) {
      fail(`governance.${key}`, key, `unknown field (expected ${GOVERNANCE_KEYS.join(", ")})`);
    }
  }
  const whole = (key: string, min: number, max: number, fallback?: number): bigint => {
    const value = raw[key] ?? fallback;
    if (value === undefined) return fail(`governance.${key}`, value, `is required (a whole number, ${min} to ${max})`);
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      fail(`governance.${key}`, value, `${JSON.stringify(value)} is not a whole number from ${min} to ${max}`);
    }
    return BigInt(value as number);
  };
  const votingDelay = whole("votingDelayBlocks", 0, 2 ** 48 - 1, DEFAULTS.votingDelayBlocks);
  const votingPeriod = whole("votingPeriodBlocks", 1, 2 ** 32 - 1, DEFAULTS.votingPeriodBlocks);
  const quorumPercent = whole("quorumPercent", 1, 100, DEFAULTS.quorumPercent);
  const timelockDelay = whole("timelockDelaySeconds", 0, Number.MAX_SAFE_INTEGER);
  const guardian = raw.guardian === undefined ? undefined : address(raw.guardian, "governance.guardian");
  return { votingDelay, votingPeriod, quorumPercent, timelockDelay, guardian };
}
