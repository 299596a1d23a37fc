import type { Provider, Signer, TransactionRequest, TransactionResponse } from "ethers";
import { toSdkError } from "./decode-error";
import { NonceError } from "./errors";

/** Sends transactions from one signer with nonces it assigns itself, one at a time. */
export interface NonceSender {
  readonly signer: Signer;
  address(): Promise<string>;
  /** Assigns the next nonce and broadcasts; on a nonce refusal resynchronises from the node and retries. */
  send(tx: TransactionRequest): Promise<TransactionResponse>;
  /** Forgets the local nonce; the next send asks the node again. */
  reset(): void;
}

/** Reads the pending transaction count straight from the node, past ethers' request cache when the provider allows. */
async function pendingCount(provider: Provider, address: string): Promise<number> {
  const raw = provider as Provider & { send?: (method: string, params: unknown[]) => Promise<string> };
  if (typeof raw.send === "function") return Number(await raw.send("eth_getTransactionCount", [address, "pending"]));
  return provider.getTransactionCount(address, "pending");
}

/**
 * Creates a nonce-managing sender. ethers' providers cache identical requests for a short time, so on an
 * instant-mining node two back-to-back sends can read the same "pending" nonce; ethers' NonceManager avoids that but
 * counts a nonce even when the send fails before broadcast, leaving a gap. This sender keeps the next nonce locally,
 * advances it only once the node accepted a transaction, serialises sends, and resynchronises (taking the larger of
 * the local and the node's count) when the node refuses a nonce.
 */
export function createNonceSender(signer: Signer, retries = 3): NonceSender {
  let next: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let cachedAddress: Promise<string> | undefined;
  const address = () => (cachedAddress ??= signer.getAddress());

  const provider = () => {
    if (!signer.provider) throw new Error("the signer has no provider");
    return signer.provider;
  };

  async function sendNow(tx: TransactionRequest): Promise<TransactionResponse> {
    const from = await address();
    for (let attempt = 0; ; attempt++) {
      if (next === undefined) next = await pendingCount(provider(), from);
      const nonce = next;
      try {
        const response = await signer.sendTransaction({ ...tx, nonce });
        next = nonce + 1;
        return response;
      } catch (error) {
        const typed = toSdkError(error, nonce);
        if (!(typed instanceof NonceError) || attempt >= retries) throw typed;
        next = Math.max(nonce + 1, await pendingCount(provider(), from));
      }
    }
  }

  return {
    signer,
    address,
    send(tx) {
      const result = queue.then(() => sendNow(tx));
      queue = result.catch(() => undefined);
      return result;
    },
    reset() {
      next = undefined;
    },
  };
}
