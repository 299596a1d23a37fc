import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import UdiLedgerModule from "./UdiLedger";

/**
 * The udi-ledger system under consortium governance (`npm run deploy -- --governance`): the six contracts of the
 * UdiLedger module, `ConsortiumTimelock` (its deployer its admin until the bootstrap ends) and `ConsortiumGovernor`
 * (one vote per active organisation of the directory). The deploy library then admits the founding members, starts
 * the directory's admin transfer to the timelock and calls `completeBootstrap`, which leaves the deployer no role.
 */
const GovernanceModule = buildModule("Governance", (m) => {
  const system = m.useModule(UdiLedgerModule);
  const timelock = m.contract("ConsortiumTimelock", [m.getParameter<bigint>("timelockDelay"), m.getAccount(0)]);
  const governor = m.contract("ConsortiumGovernor", [
    system.directory,
    timelock,
    m.getParameter<bigint>("votingDelay"),
    m.getParameter<bigint>("votingPeriod"),
    m.getParameter<bigint>("quorumPercent"),
  ]);
  return { ...system, timelock, governor };
});

export default GovernanceModule;
