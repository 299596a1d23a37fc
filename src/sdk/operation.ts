import type { BaseContract, ContractTransaction, TransactionReceipt } from "ethers";
import { fitChunk, planChunks, chunksOf } from "./batch";
import { BatchError, SdkInputError } from "./errors";
import { toSdkError } from "./decode-error";
import {
  estimateGas,
  sendAndConfirm,
  submit,
  toUnsigned,
  type Confirmed,
  type SubmitOptions,
  type TxContext,
  type UnsignedOptions,
  type UnsignedTransaction,
} from "./transact";

/** One contract operation: builds its transaction from typed arguments and reads its result from the receipt. */
export interface Operation<A, R> {
  kind: "single";
  prepare(args: A): Promise<ContractTransaction>;
  result(receipt: TransactionReceipt, args: A): R;
}

/** A list operation split into transactions under the item and gas caps (commissionBatch, pack, unpack). */
export interface BatchOperation<A, P, T, R> {
  kind: "batch";
  resolve(args: A): Promise<{ prepared: P; items: T[] }>;
  prepare(prepared: P, chunk: readonly T[]): Promise<ContractTransaction>;
  result(prepared: P, items: T[]): R;
}

/** A batch mined in one or more transactions. */
export interface BatchConfirmed<R> {
  result: R;
  transactions: { hash: string; receipt: TransactionReceipt; items: number }[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOperation = Operation<any, any> | BatchOperation<any, any, any, any>;

/** The sending methods of a set of operations. */
export type Bound<O> = {
  [K in keyof O]: O[K] extends Operation<infer A, infer R>
    ? (args: A) => Promise<Confirmed<R>>
    : O[K] extends BatchOperation<infer A, infer _P, infer _T, infer R>
      ? (args: A) => Promise<BatchConfirmed<R>>
      : never;
};

/** A transaction sent and not yet confirmed: its hash now, its result once `wait` resolves. */
export interface Pending<R> {
  hash: string;
  wait(): Promise<Confirmed<R>>;
}

/** The send-without-waiting methods of a set of operations (single operations only: a batch waits between chunks). */
export type Submitters<O> = {
  [K in keyof O as O[K] extends Operation<infer _A, infer _R> ? K : never]: O[K] extends Operation<infer A, infer R>
    ? (args: A, options?: SubmitOptions) => Promise<Pending<R>>
    : never;
};

/** The unsigned-transaction builders of a set of operations (batches give one transaction per chunk). */
export type Unsigned<O> = {
  [K in keyof O]: O[K] extends Operation<infer A, infer _R>
    ? (args: A, options?: UnsignedOptions) => Promise<UnsignedTransaction>
    : O[K] extends BatchOperation<infer A, infer _P, infer _T, infer _R>
      ? (args: A, options?: UnsignedOptions) => Promise<UnsignedTransaction[]>
      : never;
};

export const single = <A, R>(
  prepare: (args: A) => Promise<ContractTransaction>,
  result: (receipt: TransactionReceipt, args: A) => R,
): Operation<A, R> => ({ kind: "single", prepare, result });

/** An operation whose result is nothing but its receipt. */
export const plain = <A>(prepare: (args: A) => Promise<ContractTransaction>): Operation<A, void> =>
  single(prepare, () => undefined);

/** The named argument of the first `event` the contract emitted in the receipt. */
export function eventArg<T>(receipt: TransactionReceipt, contract: BaseContract, event: string, arg: string): T {
  const target = String(contract.target).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== target) continue;
    const parsed = contract.interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === event) return parsed.args.getValue(arg) as T;
  }
  throw new SdkInputError("receipt", receipt.hash, `holds no ${event} event`);
}

async function runBatch<A, P, T, R>(ctx: TxContext, name: string, op: BatchOperation<A, P, T, R>, args: A) {
  const { prepared, items } = await op.resolve(args);
  if (items.length === 0) throw new SdkInputError(name, items, "needs at least one item");
  const transactions: BatchConfirmed<R>["transactions"] = [];
  let done = 0;
  let size = ctx.maxBatch;
  try {
    while (done < items.length) {
      const rest = items.slice(done);
      const chunk = await fitChunk(
        name,
        rest,
        { maxItems: ctx.maxBatch, gasCap: ctx.gasCap },
        async (c) => estimateGas(ctx, await op.prepare(prepared, c)),
        size,
      );
      const sent = await sendAndConfirm(ctx, await op.prepare(prepared, chunk.items), chunk.gas);
      transactions.push({ ...sent, items: chunk.items.length });
      done += chunk.items.length;
      size = chunk.items.length;
    }
  } catch (error) {
    if (transactions.length === 0) throw toSdkError(error);
    const hashes = transactions.map((t) => t.hash);
    throw new BatchError(name, done, items.length, hashes, toSdkError(error));
  }
  return { result: op.result(prepared, items), transactions };
}

async function submitSingle(
  ctx: TxContext,
  op: Extract<AnyOperation, { kind: "single" }>,
  args: unknown,
  options?: SubmitOptions,
): Promise<Pending<unknown>> {
  const sent = await submit(ctx, await op.prepare(args), options);
  return {
    hash: sent.hash,
    wait: async () => {
      const receipt = await sent.wait();
      return { hash: sent.hash, receipt, result: op.result(receipt, args) };
    },
  };
}

/** Binds operations to a context as sending methods. */
export function bindOperations<O extends Record<string, AnyOperation>>(ctx: TxContext, ops: O): Bound<O> {
  const bound: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    bound[name] =
      op.kind === "single"
        ? async (args: unknown) => (await submitSingle(ctx, op, args)).wait()
        : (args: unknown) => runBatch(ctx, name, op, args);
  }
  return bound as Bound<O>;
}

/** Binds the single operations of a set to a context as send-without-waiting methods. */
export function submitOperations<O extends Record<string, AnyOperation>>(ctx: TxContext, ops: O): Submitters<O> {
  const bound: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    if (op.kind === "single")
      bound[name] = (args: unknown, options?: SubmitOptions) => submitSingle(ctx, op, args, options);
  }
  return bound as Submitters<O>;
}

/** Binds operations to a context as unsigned-transaction builders. */
export function unsignedOperations<O extends Record<string, AnyOperation>>(ctx: TxContext, ops: O): Unsigned<O> {
  const bound: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) {
    bound[name] =
      op.kind === "single"
        ? async (args: unknown, options?: UnsignedOptions) => toUnsigned(ctx, await op.prepare(args), options)
        : async (args: unknown, options: UnsignedOptions = {}) => {
            const { prepared, items } = await op.resolve(args);
            const limits = { maxItems: ctx.maxBatch, gasCap: ctx.gasCap };
            const chunks =
              options.from && options.estimateGas !== false
                ? (
                    await planChunks(name, items, limits, async (c) =>
                      estimateGas(ctx, await op.prepare(prepared, c), options.from),
                    )
                  ).map((c) => c.items)
                : chunksOf(items, ctx.maxBatch);
            const out: UnsignedTransaction[] = [];
            for (const [i, chunk] of chunks.entries()) {
              const nonce = typeof options.nonce === "number" ? options.nonce + i : options.nonce;
              const tx = await toUnsigned(ctx, await op.prepare(prepared, chunk), { ...options, nonce });
              if (options.nonce === "pending" && tx.nonce !== undefined) tx.nonce += i;
              out.push(tx);
            }
            return out;
          };
  }
  return bound as Unsigned<O>;
}
