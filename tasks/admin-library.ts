/**
 * Everything the admin tasks run, loaded only when a task runs: hardhat.config.ts imports tasks/index.ts, so keeping
 * these out of its import graph keeps every other Hardhat command fast and independent of them.
 */
export { adminContext } from "./admin-context";
export * as ops from "./admin-operations";
export { verifyDeployment } from "./admin-verify";
export {
  parseAddressArgument as address,
  parseGlnArgument as gln,
  parsePrefixArgument as prefix,
  parseRoleArgument as role,
  parseRolesArgument as roles,
} from "../scripts/deploy/arguments";
export { readConsortiumConfig } from "../scripts/deploy/consortium-config";
export { DeployError } from "../scripts/deploy/errors";
