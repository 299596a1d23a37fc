/** What `udi-ledger token …` does, loaded when it runs. */
import { addToken, parseScopes, readTokens, revokeToken } from "../../serve/tokens";

export interface TokenAddOptions {
  tokens: string;
  scope: string;
  gln?: string;
  label?: string;
}

/** Prints the new token alone on stdout's only line; what it is goes to stderr. */
export function tokenAdd(o: TokenAddOptions): void {
  const { token, record } = addToken(o.tokens, { scopes: parseScopes(o.scope), gln: o.gln, label: o.label });
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `token ${record.id} (${record.scopes.join(",")}${record.gln ? `, GLN ${record.gln}` : ""}) stored hashed in ` +
      `${o.tokens}; it is shown only now\n`,
  );
}

export function tokenList(path: string, json: boolean): void {
  const tokens = readTokens(path).tokens.map(({ hash: _hash, ...shown }) => shown);
  if (json) return void process.stdout.write(JSON.stringify(tokens, null, 2) + "\n");
  for (const t of tokens)
    process.stdout.write(`${t.id}  ${t.scopes.join(",")}  ${t.gln ?? "-"}  ${t.createdAt}  ${t.label}\n`);
}

export function tokenRevoke(path: string, id: string): void {
  if (revokeToken(path, id)) process.stdout.write(`revoked ${id}\n`);
  else {
    process.stderr.write(`no token with id ${id} in ${path}\n`);
    process.exitCode = 1;
  }
}
