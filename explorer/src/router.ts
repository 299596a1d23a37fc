import { useEffect, useState } from "react";
import { digitalLinkOf } from "./udi";

/** The explorer's pages and the deep links a person bookmarks or puts in a QR code. */
export type Route =
  | { page: "home" }
  | { page: "device"; udi: string }
  | { page: "recalls" }
  | { page: "recall"; id: string }
  | { page: "organisation"; gln: string }
  | { page: "lot"; gtin: string; lot: string }
  | { page: "shipment"; id: string }
  | { page: "ledger" }
  | { page: "not-found"; path: string };

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The page of a path: `/devices/<URL-encoded UDI>`, a Digital Link `/01/<gtin>/21/<serial>`, `/recalls/<id>`… */
export function routeOf(pathname: string, search = ""): Route {
  let m: RegExpExecArray | null;
  if (pathname === "/" || pathname === "") return { page: "home" };
  if ((m = /^\/devices\/(.+)$/.exec(pathname))) return { page: "device", udi: decode(m[1]) };
  if (/^\/01\/[^/]+/.test(pathname)) return { page: "device", udi: digitalLinkOf(pathname + search) };
  if (pathname === "/recalls") return { page: "recalls" };
  if ((m = /^\/recalls\/([1-9][0-9]{0,14})$/.exec(pathname))) return { page: "recall", id: m[1] };
  if ((m = /^\/organisations\/([0-9]{13})$/.exec(pathname))) return { page: "organisation", gln: m[1] };
  if ((m = /^\/lots\/([0-9]{8,14})\/(.+)$/.exec(pathname))) return { page: "lot", gtin: m[1], lot: decode(m[2]) };
  if ((m = /^\/shipments\/([1-9][0-9]{0,14})$/.exec(pathname))) return { page: "shipment", id: m[1] };
  if (pathname === "/ledger") return { page: "ledger" };
  return { page: "not-found", path: decode(pathname) };
}

const NAVIGATED = "udi-ledger:navigated";

/** Goes to a page of the explorer without reloading it. */
export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATED));
  window.scrollTo(0, 0);
}

/** The current route, updated on links, back and forward. */
export function useRoute(): Route {
  const read = () => routeOf(window.location.pathname, window.location.search);
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener("popstate", update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return route;
}

/** Page paths, each part escaped. */
export const paths = {
  device: (udi: string) => `/devices/${encodeURIComponent(udi)}`,
  recall: (id: number | string) => `/recalls/${id}`,
  organisation: (gln: string) => `/organisations/${gln}`,
  lot: (gtin: string, lot: string) => `/lots/${gtin}/${encodeURIComponent(lot)}`,
  shipment: (id: number | string) => `/shipments/${id}`,
};
