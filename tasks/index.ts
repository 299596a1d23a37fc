import { udi, udiAction, type Args, type Body } from "./udi-scope";
import "./governance";

/**
 * Consortium administration: `npx hardhat udi <task> --network <name> [...]`. Each task acts on the contracts of
 * deployments/<network>.json (or --manifest) with the network's first account (or --from), checks what it can
 * before sending (arguments, chain id, admin, the call simulated), waits for the confirmations and prints one line
 * per transaction. A refusal is one line on stderr naming the argument or the on-chain reason, exit code 1, nothing
 * sent; the task then returns the error (for scripts calling `hre.run`).
 */
const PARAMS: Record<string, string> = {
  gln: "GLN of the organisation (13 digits)",
  roles:
    "comma-separated roles: Manufacturer, Distributor, HealthcareProvider, ServiceProvider, Regulator, DataGateway",
  role: "one role (as for --roles)",
  account: "a signing account",
  prefix: "GS1 company prefix (4 to 12 digits)",
  newAdmin: "the new admin (a multisig or timelock)",
};

function define(name: string, description: string, params: string[], body: Body, optional: Args = {}): void {
  const task = udi.task(name, description);
  for (const param of params) task.addParam(param, PARAMS[param]);
  task.addOptionalParam("manifest", "manifest file (default deployments/<network>.json)");
  task.addOptionalParam("from", "the account to sign with, one of the network's (default: the first)");
  for (const [param, text] of Object.entries(optional)) task.addOptionalParam(param, text);
  task.setAction(udiAction(name, body));
}

define("admit", "Admit an organisation with its roles and first account", ["gln", "roles", "account"], (l, c, a) =>
  l.ops.admitOrganisation(c, l.gln(a.gln!), l.roles(a.roles!), l.address(a.account!)),
);
define("suspend", "Suspend an organisation: its accounts can no longer act", ["gln"], (l, c, a) =>
  l.ops.suspendOrganisation(c, l.gln(a.gln!)),
);
define("reactivate", "Reactivate a suspended organisation", ["gln"], (l, c, a) =>
  l.ops.reactivateOrganisation(c, l.gln(a.gln!)),
);
define("add-account", "Bind a signing account to an organisation", ["gln", "account"], (l, c, a) =>
  l.ops.addAccount(c, l.gln(a.gln!), l.address(a.account!)),
);
define("remove-account", "Unbind a signing account from its organisation", ["account"], (l, c, a) =>
  l.ops.removeAccount(c, l.address(a.account!)),
);
define("grant-role", "Grant a role to an organisation", ["gln", "role"], (l, c, a) =>
  l.ops.grantRole(c, l.gln(a.gln!), l.role(a.role!)),
);
define("revoke-role", "Revoke a role from an organisation", ["gln", "role"], (l, c, a) =>
  l.ops.revokeRole(c, l.gln(a.gln!), l.role(a.role!)),
);
define("assign-prefix", "Assign a GS1 company prefix to a manufacturer", ["gln", "prefix"], (l, c, a) =>
  l.ops.assignPrefix(c, l.gln(a.gln!), l.prefix(a.prefix!)),
);
define(
  "begin-admin-transfer",
  "Begin the two-step admin transfer (acceptable after the delay)",
  ["newAdmin"],
  (l, c, a) => l.ops.beginAdminTransfer(c, l.address(a.newAdmin!, "--new-admin")),
);
define("accept-admin-transfer", "Accept a pending admin transfer (signed by the new admin: --from)", [], (l, c) =>
  l.ops.acceptAdminTransfer(c),
);
define("cancel-admin-transfer", "Cancel a pending admin transfer", [], (l, c) => l.ops.cancelAdminTransfer(c));
define("pause", "Pause all six contracts (emergency stop)", [], (l, c) => l.ops.setPaused(c, true));
define("unpause", "Unpause all six contracts", [], (l, c) => l.ops.setPaused(c, false));
define(
  "verify",
  "Check a deployment against its manifest and, with --consortium, that its bootstrap is complete",
  [],
  (l, c, a) => l.verifyDeployment(c, a.consortium === undefined ? undefined : l.readConsortiumConfig(a.consortium)),
  { consortium: "consortium config whose bootstrap must be complete" },
);
