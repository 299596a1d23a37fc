import { createHmac, timingSafeEqual } from "node:crypto";

/** The header carrying an alert's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = "UDI-Ledger-Signature";

/** The signature header's value for a body sent at `unixSeconds`. */
export function signAlert(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver does with a delivery: recompute HMAC-SHA256(secret, `${t}.${rawBody}`) over the body bytes exactly
 * as received, compare it in constant time with `v1`, and refuse a `t` further than `toleranceSeconds` from now
 * (a replayed delivery). True when the signature is good.
 */
export function verifyAlertSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Buffer,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = new Map(
    (header ?? "").split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.`, "utf8").update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex"));
}
