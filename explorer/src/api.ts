import { useEffect, useState } from "react";
import { forgetToken, sessionToken } from "./session";

/** An RFC 7807 problem the service answered (or a network failure, status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly parameter?: string,
  ) {
    super(detail);
  }
}

/** Fired when the service refuses the token (401): the app goes back to the login form with the reason. */
export const UNAUTHORIZED = "udi-ledger:unauthorized";

/** Pauses before the second and third try of a request that got no answer. */
const RETRY_PAUSES_MS = [250, 1000];

/**
 * The service's answer to a GET with the session's token. A request that got no answer at all (a dropped connection,
 * a busy network) is tried again before the page says so: a GET changes nothing. Every answer, problems included, is
 * taken as it is.
 */
async function answerOf(path: string, signal?: AbortSignal): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(path, {
        headers: { Accept: "application/json", Authorization: `Bearer ${sessionToken() ?? ""}` },
        signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (attempt === RETRY_PAUSES_MS.length)
        throw new ApiProblem(0, "the service did not answer; check the connection and try again");
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSES_MS[attempt]));
    }
  }
}

/** GET a JSON resource of the service with the session's token; problems become ApiProblem. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await answerOf(path, signal);
  if (response.ok) return (await response.json()) as T;
  let problem: { detail?: unknown; parameter?: unknown } = {};
  try {
    problem = await response.json();
  } catch (error) {
    // An aborted read (the page went away, e.g. after another request's 401) is no answer: it must not replace the
    // reason the first refusal gave with a bare status line.
    if (signal?.aborted) throw error;
    // otherwise: not a problem document
  }
  const detail = typeof problem.detail === "string" ? problem.detail : `${response.status} ${response.statusText}`;
  if (response.status === 401) {
    forgetToken();
    window.dispatchEvent(new CustomEvent(UNAUTHORIZED, { detail }));
  }
  throw new ApiProblem(response.status, detail, typeof problem.parameter === "string" ? problem.parameter : undefined);
}

export type Loaded<T> = { state: "loading" } | { state: "error"; problem: ApiProblem } | { state: "ok"; data: T };

/** Loads a resource when `path` changes (null: nothing to load); a newer path aborts the older request. */
export function useJson<T>(path: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T> & { path?: string | null }>({ state: "loading" });
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setLoaded({ state: "loading" });
    getJson<T>(path, abort.signal).then(
      (data) => setLoaded({ state: "ok", data }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const problem = error instanceof ApiProblem ? error : new ApiProblem(0, String(error));
        setLoaded({ state: "error", problem });
      },
    );
    return () => abort.abort();
  }, [path]);
  return loaded;
}

/** A path segment (a UDI in any syntax, a lot number): every reserved character escaped. */
export const segment = (text: string): string => encodeURIComponent(text);
