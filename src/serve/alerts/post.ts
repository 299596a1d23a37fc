import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { addressRefusal, guardedLookup, systemResolver, WebhookDestinationError, type Resolver } from "./destination";

/** POSTs alert documents through sockets whose addresses were checked; one per delivery worker. */
export interface AlertPoster {
  /** The status of the receiver's answer (its body read and dropped); rejects on a refused or failed connection. */
  post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number>;
  close(): void;
}

/**
 * node:http rather than fetch: its `lookup` hook is where the resolved address is checked and then used, which
 * fetch does not expose. Address literals never reach a lookup, so they are checked here. Redirects are not followed
 * (a 3xx is a failed attempt): a redirect could point anywhere.
 */
export function alertPoster(allowPrivate: boolean, resolver: Resolver = systemResolver): AlertPoster {
  const lookup = guardedLookup(allowPrivate, resolver);
  const agents = {
    "http:": new http.Agent({ keepAlive: true, lookup }),
    "https:": new https.Agent({ keepAlive: true, lookup }),
  };
  return {
    post(url, headers, body, signal) {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
      const why = !allowPrivate && isIP(host) ? addressRefusal(host) : null;
      if (why) return Promise.reject(new WebhookDestinationError("url", url, why));
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return Promise.reject(new WebhookDestinationError("url", url, "must be http or https"));
      const send = target.protocol === "https:" ? https.request : http.request;
      return new Promise((resolve, reject) => {
        const request = send(
          target,
          { method: "POST", agent, signal, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
          (response) => {
            response.on("error", reject);
            response.on("end", () => resolve(response.statusCode ?? 0));
            response.resume();
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    },
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
