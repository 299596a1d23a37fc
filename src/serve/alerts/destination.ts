import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { fieldErrorBase, PermanentError } from "../../errors";

/** A webhook URL refused: not http(s), with credentials, or (without the operator's opt-in) a non-public address. */
export class WebhookDestinationError extends fieldErrorBase<string>(
  PermanentError,
  (field, value, reason) => `${field} "${value}": ${reason}`,
) {
  readonly code = "WEBHOOK_DESTINATION";
}

/**
 * Every range ipaddr.js names but "unicast" is refused: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local (fd00:ec2::254), carrier-grade NAT (100.100.100.200), multicast, broadcast,
 * unspecified, reserved and documentation ranges, and IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64).
 * IPv4-mapped IPv6 is judged as the IPv4 address it maps. An allow-list of one range: a range ipaddr.js adds later is
 * refused until reviewed.
 */
export function addressRefusal(address: string): string | null {
  const ip = ipaddr.process(address.replace(/^\[(.*)\]$/, "$1"));
  const range = ip.range();
  return range === "unicast" ? null : `${ip.toString()} is not a public address (${range})`;
}

const LOCAL_NAME = /^(localhost|.*\.localhost)\.?$/i;

/**
 * Checks a subscription's URL when it is made: absolute http(s), no credentials, and unless `allowPrivate`, no
 * address literal (in any form the URL parser reads: decimal, octal, hex IPv4, IPv4-mapped IPv6) outside public
 * unicast and no localhost name. Names are checked again, after resolution, at every delivery (`guardedLookup`).
 */
export function checkDestination(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookDestinationError("url", text, "is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookDestinationError("url", text, `must be http or https, not ${url.protocol}`);
  if (url.username || url.password)
    throw new WebhookDestinationError("url", text, "must not carry credentials (the secret signs each delivery)");
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const why = isIP(host) ? addressRefusal(host) : LOCAL_NAME.test(host) ? `${host} is a loopback name` : null;
    if (why) throw new WebhookDestinationError("url", text, `${why}; the service refuses non-public webhook targets`);
  }
  return url;
}

/** How names resolve (dns.lookup with all: true); tests inject one. */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname, family) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, family }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * A `lookup` for the delivery's sockets: resolves the name once, refuses it when any address it gives is not public
 * (unless `allowPrivate`), and hands the socket exactly the addresses it checked, so a second resolution (DNS
 * rebinding) cannot redirect the connection. The request keeps the name for its Host header and TLS SNI.
 */
export function guardedLookup(allowPrivate: boolean, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname, typeof options.family === "number" ? options.family : 0).then(
      (addresses) => {
        const refused = allowPrivate ? [] : addresses.map((a) => addressRefusal(a.address)).filter((w) => w !== null);
        if (addresses.length === 0 || refused.length > 0) {
          const reason = refused.length > 0 ? `resolves to a refused address: ${refused[0]}` : "resolves to no address";
          return callback(new WebhookDestinationError("host", hostname, reason), "", 4);
        }
        if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}
