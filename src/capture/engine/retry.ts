import { toSdkError } from "../../sdk/decode-error";
import { TransportError } from "../../sdk/errors";

/** Waits between attempts of a request the node did not answer, in ms: 1.5 s in all, then the error goes up. */
const DELAYS = [100, 200, 400, 800];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs an idempotent request (a read, an estimate, the broadcast of one signed transaction) again when the node did
 * not answer, so a lost request costs a retry, not the whole run (the gateway retries a run only after a backoff, and
 * a run starts with a simulation). Any other error, and the last transport error, goes up as thrown.
 */
export async function retrying<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= DELAYS.length || !(toSdkError(error) instanceof TransportError)) throw error;
      await sleep(DELAYS[attempt]);
    }
  }
}
