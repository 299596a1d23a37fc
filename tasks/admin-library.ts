/**
 * Everything the admin tasks run, loaded only when a task runs: hardhat.config.ts imports tasks/index.ts, so keeping
 * these out of its import graph keeps every other Hardhat command fast and independent of them.
 */
export { adminContext } from "../src/deploy/admin-context";
export * as ops from "../src/deploy/admin-operations";
export * as governance from "../src/deploy/governance-operations";
export { verifyDeployment } from "../src/deploy/admin-verify";
export {
  parseAddressArgument as address,
  parseGlnArgument as gln,
  parsePrefixArgument as prefix,
  parseRoleArgument as role,
  parseRolesArgument as roles,
} from "../src/deploy/arguments";
export { readConsortiumConfig } from "../src/deploy/consortium-config";
export { DeployError } from "../src/deploy/errors";
