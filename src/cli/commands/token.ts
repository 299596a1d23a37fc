import type { Command } from "commander";
import type { TokenAddOptions } from "./token-actions";

const actions = () => import("./token-actions");

/** Registers `token add|list|revoke --tokens <file>`: the service's bearer tokens, stored hashed. */
export function registerTokenCommands(program: Command): void {
  const token = program.command("token").description("manage the bearer tokens of `udi-ledger serve`");
  token
    .command("add")
    .description("create a token: printed once on stdout, only its SHA-256 is stored")
    .requiredOption("--tokens <file>", "tokens file (created when absent)")
    .requiredOption("--scope <scopes>", "comma-separated: read, subscribe, admin, capture")
    .option("--gln <gln>", "restrict the token to one organisation (GLN-13)")
    .option("--label <text>", "what the token is for")
    .action(async (o: TokenAddOptions) => (await actions()).tokenAdd(o));
  token
    .command("list")
    .description("list the tokens (id, scopes, GLN, label; never the token)")
    .requiredOption("--tokens <file>", "tokens file")
    .option("--json", "print JSON")
    .action(async (o: { tokens: string; json?: boolean }) => (await actions()).tokenList(o.tokens, o.json === true));
  token
    .command("revoke <id>")
    .description("revoke a token by id (a running service stops accepting it within a second)")
    .requiredOption("--tokens <file>", "tokens file")
    .action(async (id: string, o: { tokens: string }) => (await actions()).tokenRevoke(o.tokens, id));
}
