/** The bearer token, for this browser tab's session only (sessionStorage; never localStorage, never a cookie). */
const KEY = "udi-ledger.token";

export const sessionToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);

/**
 * A link `/#token=<token>` logs in: the token is kept for the session and removed from the address bar (and so from
 * the history and bookmarks) at once. The fragment never reaches the server or its logs.
 */
export function takeTokenFromFragment(): boolean {
  const match = /^#token=([A-Za-z0-9_\-.~+/]+=*)$/.exec(window.location.hash);
  if (!match) return false;
  saveToken(decodeURIComponent(match[1]));
  window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  return true;
}
