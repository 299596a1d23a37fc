import fc from "fast-check";
import { ethers } from "hardhat";
import { GLN } from "../fixtures";
import { call, command } from "./command";
import { resolveDevice } from "./model-core";
import { anchor, type AnchorRequest } from "./model-recalls";
import { accountOf, actorArb, actorFor, pickDevice, pickRecent } from "./picks";
import { TARGET } from "./types";

/** Commands for data anchors: shipments (with or without an excursion), devices, lots, and unknown targets. */

export const anchoring = command(
  "anchor",
  {
    actor: actorArb,
    target: fc.nat(3),
    k: fc.nat(),
    root: fc.constantFrom(ethers.id("root-1"), ethers.id("root-2"), ethers.id("root-3"), ethers.ZeroHash),
    count: fc.constantFrom(12, 12, 12, 0),
    reversed: fc.constantFrom(false, false, false, true),
    excursion: fc.boolean(),
    byGateway: fc.boolean(),
  },
  (c, s, a) => {
    const word = (v: bigint) => ethers.toBeHex(v, 32);
    let targetId = word(1n);
    let party = 0n;
    if (c.target === Number(TARGET.Shipment)) {
      const id = c.k % 7 === 6 ? 1n << 40n : pickRecent(s.shipments.size, c.k);
      targetId = word(id);
      party = s.shipments.get(id)?.sender ?? 0n;
    } else if (c.target === Number(TARGET.Device)) {
      targetId = pickDevice(s, c.k);
      party = resolveDevice(s, targetId).custodian;
    } else if (c.target === Number(TARGET.Lot)) {
      const lotKey = BigInt((c.k % (s.lots.size + 1)) + 1);
      targetId = word(lotKey);
      party = s.lots.get(lotKey)?.manufacturer ?? 0n;
    }
    const request: AnchorRequest = {
      target: BigInt(c.target),
      targetId,
      root: c.root,
      recordCount: BigInt(c.count),
      windowStart: c.reversed ? 1_790_003_600n : 1_790_000_000n,
      windowEnd: c.reversed ? 1_790_000_000n : 1_790_003_600n,
      uriHash: ethers.id("uri"),
      excursion: c.excursion,
    };
    const natural = accountOf(s, c.byGateway ? GLN.gateway : party, a);
    return {
      ...call(actorFor(c.actor, natural), "anchors", "anchor", [request], (m, ctx) => anchor(m, ctx, request)),
      label: `anchor(${c.target}, ${targetId}, excursion ${c.excursion})`,
    };
  },
);
