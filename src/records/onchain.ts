import type { Provider } from "ethers";
import { DataAnchorRegistry__factory, type DataAnchorRegistry } from "../contracts";
import { ContractRevertError } from "../sdk/errors";
import { toSdkError } from "../sdk/decode-error";
import type { Manifest } from "../manifest";
import { TARGET_KINDS } from "./leaf";
import { checkReceiptOffline, type ReceiptVerdict, type RecordReceipt } from "./receipt";

/** Checks receipts against a chain; anchors and anchoring transactions are fetched once each. */
export interface ReceiptVerifier {
  /** Offline checks first, then on chain: chain id, registry, the anchor's root and target, the anchoring
   * transaction's DataAnchored log, and DataAnchorRegistry.verifyRecord(anchorId, leaf, proof). */
  verify(receipt: RecordReceipt, record?: unknown): Promise<ReceiptVerdict>;
}

const refuse = (check: Exclude<ReceiptVerdict, { ok: true }>["check"], reason: string): ReceiptVerdict => ({
  ok: false,
  check,
  reason,
});

/** A verifier over `provider`; with a manifest, receipts must name its DataAnchorRegistry. */
export function createReceiptVerifier(provider: Provider, manifest?: Manifest): ReceiptVerifier {
  let chainId: Promise<bigint> | undefined;
  const anchors = new Map<string, Promise<ReceiptVerdict>>();
  const registries = new Map<string, DataAnchorRegistry>();
  const registryAt = (address: string) => {
    let r = registries.get(address);
    if (!r) registries.set(address, (r = DataAnchorRegistry__factory.connect(address, provider)));
    return r;
  };

  /** The anchor and its transaction, checked once per (registry, anchor id, root, tx, target). */
  async function checkAnchor(receipt: RecordReceipt): Promise<ReceiptVerdict> {
    const a = receipt.anchor;
    const registry = registryAt(a.registry);
    let onChain: Awaited<ReturnType<DataAnchorRegistry["anchorOf"]>>;
    try {
      onChain = await registry.anchorOf(BigInt(a.anchorId));
    } catch (error) {
      return refuse("registry", `anchorOf failed at ${a.registry}: ${toSdkError(error).message}`);
    }
    if (/^0x0{64}$/.test(onChain.root)) return refuse("anchor", `anchor ${a.anchorId} does not exist on chain`);
    if (onChain.root !== receipt.root) {
      return refuse("anchor", `anchor ${a.anchorId} has root ${onChain.root}, the receipt says ${receipt.root}`);
    }
    if (Number(onChain.target) !== TARGET_KINDS[receipt.target.kind]) {
      return refuse("anchor", `anchor ${a.anchorId} is on target kind ${onChain.target}, not a ${receipt.target.kind}`);
    }
    const tx = await provider.getTransactionReceipt(a.txHash);
    if (tx === null) return refuse("transaction", `transaction ${a.txHash} is not on chain`);
    if (tx.blockNumber !== a.blockNumber) {
      return refuse("transaction", `transaction ${a.txHash} is in block ${tx.blockNumber}, not ${a.blockNumber}`);
    }
    const log = tx.logs.find((l) => l.index === a.logIndex);
    const parsed =
      log && log.address.toLowerCase() === a.registry.toLowerCase()
        ? registry.interface.parseLog({ topics: [...log.topics], data: log.data })
        : null;
    if (parsed?.name !== "DataAnchored") {
      return refuse("transaction", `log ${a.logIndex} of ${a.txHash} is not a DataAnchored event of ${a.registry}`);
    }
    if (parsed.args.anchorId.toString() !== a.anchorId || parsed.args.root !== receipt.root) {
      return refuse("transaction", `log ${a.logIndex} of ${a.txHash} anchored ${parsed.args.anchorId}, not this root`);
    }
    if (parsed.args.targetId !== receipt.target.id) {
      return refuse("anchor", `anchor ${a.anchorId} is on target ${parsed.args.targetId}, not ${receipt.target.id}`);
    }
    return { ok: true };
  }

  return {
    async verify(receipt, record) {
      const offline = checkReceiptOffline(receipt, record);
      if (!offline.ok) return offline;
      const a = receipt.anchor;
      chainId ??= provider.getNetwork().then((n) => n.chainId);
      const actual = await chainId;
      if (actual.toString() !== a.chainId)
        return refuse("chain", `receipt is for chain ${a.chainId}, node is ${actual}`);
      const expected = manifest?.contracts.DataAnchorRegistry.address.toLowerCase();
      if (expected !== undefined && a.registry.toLowerCase() !== expected) {
        return refuse("registry", `receipt names registry ${a.registry}, the deployment's is ${expected}`);
      }
      const key = [a.registry.toLowerCase(), a.anchorId, receipt.root, a.txHash, a.blockNumber, a.logIndex].join("|");
      let anchor = anchors.get(key + receipt.target.id);
      if (!anchor) anchors.set(key + receipt.target.id, (anchor = checkAnchor(receipt)));
      const anchorVerdict = await anchor;
      if (!anchorVerdict.ok) return anchorVerdict;
      try {
        const ok = await registryAt(a.registry).verifyRecord(BigInt(a.anchorId), receipt.leaf.hash, receipt.proof);
        return ok ? { ok: true } : refuse("verifyRecord", `verifyRecord(${a.anchorId}, leaf, proof) returned false`);
      } catch (error) {
        const typed = toSdkError(error);
        const name = typed instanceof ContractRevertError ? typed.errorName : typed.message;
        return refuse("verifyRecord", `verifyRecord reverted: ${name}`);
      }
    },
  };
}
