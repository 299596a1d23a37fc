import { expect } from "chai";
import { ethers } from "hardhat";
import { companyPrefixOwner } from "./model-products";
import { openRecallOf, resolveDevice } from "./model-core";
import { contractOf, plain, type Real } from "./real";
import { transactionAllowed, validatorsOf, votesOf } from "./model-governance";
import {
  CONTRACTS,
  ORG,
  type AnchorRec,
  type ContainerRec,
  type LotRec,
  type ModelState,
  type ProductRec,
  type RecallRec,
  type ShipmentRec,
  type Touched,
} from "./types";
import { GLNS, GTINS } from "./universe";

/**
 * Reads the real views of everything a command touched and compares each with the model's, field by field.
 * A mismatch names the view, the key and the step.
 */

const Z = ethers.ZeroHash;

type Read = (name: string, ...args: unknown[]) => Promise<unknown>;

// Each record view's answer as the model computes it: the record's fields in the view's order, else the zero record.
const container = (c?: ContainerRec) =>
  c ? [c.custodian, c.status, c.key, c.lotKey, c.shipment, c.deviceCount, c.holdMark] : [0, 0, 0, 0, 0, 0, 0];
const shipment = (sh?: ShipmentRec) =>
  sh
    ? [sh.sender, sh.recipient, sh.status, sh.excursion, sh.deviceIds.length + sh.containers.length]
    : [0, 0, 0, false, 0];
const lot = (l?: LotRec) => (l ? [l.gtin, l.manufacturer, l.manufacturedAt, l.expiresAt, l.holdMark] : [0, 0, 0, 0, 0]);
const product = (p?: ProductRec) =>
  p ? [p.manufacturer, p.tracked, p.implantable, p.metadataHash] : [0, false, false, Z];
const recall = (r?: RecallRec) =>
  r ? [r.gtin, r.issuer, r.returnTo, r.status, r.recallClass, r.action, r.scope] : [0, 0, 0, 0, 0, 0, 0];
const anchor = (a?: AnchorRec) =>
  a
    ? [a.root, a.organisation, a.windowStart, a.windowEnd, a.recordCount, a.target, a.excursion]
    : [Z, 0, 0, 0, 0, 0, false];

function readerOf(real: Real, contract: (typeof CONTRACTS)[number]): Read {
  const c = contractOf(real, contract);
  return async (name, ...args) => plain(await c.getFunction(name)(...args));
}

/** Pairs of [label, real value promise, model value] for one touched set. */
function views(real: Real, s: ModelState, t: Touched): [string, Promise<unknown>, unknown][] {
  const dir = readerOf(real, "directory");
  const dev = readerOf(real, "devices");
  const out: [string, Promise<unknown>, unknown][] = [];
  const add = (label: string, value: Promise<unknown>, expected: unknown) => out.push([label, value, plain(expected)]);
  /** A record view per touched key, read from the contract and computed by the model. */
  const records = <R>(
    read: Read,
    view: string,
    keys: Set<bigint>,
    model: Map<bigint, R>,
    answer: (r?: R) => unknown[],
  ) => {
    for (const key of keys) add(`${view}(${key})`, read(view, key), answer(model.get(key)));
  };

  for (const id of t.devices) {
    const d = s.devices.get(id);
    const raw = d
      ? [d.custodian, d.status, d.lotKey, d.container, d.shipment, d.holdMark, d.clearedHold]
      : [0, 0, 0, 0, 0, 0, 0];
    const v = resolveDevice(s, id);
    add(`device(${id})`, dev("device", id), raw);
    add(`deviceState(${id})`, dev("deviceState", id), [
      v.custodian,
      v.status,
      v.gtin,
      v.lotKey,
      v.container,
      v.shipment,
      v.heldBy,
      v.expired,
    ]);
    add(`softwareOf(${id})`, readerOf(real, "lifecycle")("softwareOf", id), s.software.get(id) ?? Z);
  }
  for (const gln of t.orgs) {
    const o = s.orgs.get(gln);
    add(
      `organisation(${gln})`,
      dir("organisation", gln),
      o ? [o.status, o.roles, o.accounts.length] : [ORG.None, 0, 0],
    );
    add(`accountsOf(${gln})`, dir("accountsOf", gln), o?.accounts ?? []);
  }
  for (const account of t.accounts) {
    add(`organisationOf(${account})`, dir("organisationOf", account), s.accounts.get(account) ?? 0n);
  }
  records(dev, "container", t.containers, s.containers, container);
  records(dev, "shipment", t.shipments, s.shipments, shipment);
  records(dev, "lot", t.lots, s.lots, lot);
  records(readerOf(real, "products"), "product", t.products, s.products, product);
  for (const gtin of t.holds) {
    const id = openRecallOf(s, gtin);
    const r = s.recalls.get(id);
    add(`hold(${gtin})`, dev("hold", gtin), r ? [id, r.scope, r.returnTo] : [0, 0, 0]);
  }
  const rec = readerOf(real, "recalls");
  records(rec, "recall", t.recalls, s.recalls, recall);
  for (const key of t.acks) {
    const [id, gln] = key.split("|");
    add(`hasAcknowledged(${key})`, rec("hasAcknowledged", id, gln), s.acknowledged.has(key));
  }
  for (const key of t.dispositions) {
    const [id, device] = key.split("|");
    add(`dispositionOf(${key})`, rec("dispositionOf", id, device), s.dispositions.get(key) ?? 0n);
  }
  records(readerOf(real, "anchors"), "anchorOf", t.anchors, s.anchors, anchor);
  for (const key of t.servicers) {
    const [custodian, sp] = key.split("|");
    add(
      `isAuthorisedServicer(${key})`,
      readerOf(real, "lifecycle")("isAuthorisedServicer", custodian, sp),
      s.servicers.has(key),
    );
  }
  if (t.admin) {
    add("defaultAdmin()", dir("defaultAdmin"), s.admin);
    add("pendingDefaultAdmin()", dir("pendingDefaultAdmin"), [s.pendingAdmin, s.pendingSchedule]);
    for (const name of CONTRACTS) add(`${name}.paused()`, readerOf(real, name)("paused"), s.paused[name]);
  }
  if (t.network || t.admin || t.orgs.size > 0 || t.accounts.size > 0) {
    const sorted = async (list: Promise<unknown>) => ((await list) as string[]).slice().sort();
    add("getValidators()", sorted(dir("getValidators")), validatorsOf(s));
    for (const gln of t.network ? GLNS : []) {
      add(`validatorOf(${gln})`, dir("validatorOf", gln), s.validators.get(gln) ?? ethers.ZeroAddress);
    }
    for (const { address } of real.signers) {
      add(
        `transactionAllowed(${address})`,
        dir("transactionAllowed", address, ethers.ZeroAddress, 0, 0, 0, "0x"),
        transactionAllowed(s, address),
      );
      add(`getVotes(${address})`, dir("getVotes", address), votesOf(s, address));
    }
  }
  if (t.prefixes) {
    for (const gtin of GTINS)
      add(`companyPrefixOwner(${gtin})`, dir("companyPrefixOwner", gtin), companyPrefixOwner(s, gtin));
  }
  return out;
}

/** Compares every touched view with the model. */
export async function compareViews(real: Real, s: ModelState, t: Touched, step: string): Promise<void> {
  const pairs = views(real, s, t);
  const actual = await Promise.all(pairs.map(([, value]) => value));
  pairs.forEach(([label, , expected], i) => {
    expect(actual[i], `${label} after ${step}`).to.deep.equal(expected);
  });
}
