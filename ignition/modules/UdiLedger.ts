import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Two days: the default wait between scheduling and accepting a consortium admin transfer. */
export const DEFAULT_ADMIN_TRANSFER_DELAY = 2n * 24n * 60n * 60n;

/**
 * Deploys and wires the whole udi-ledger system. The deploying account becomes the consortium admin; hand it to a
 * multisig or timelock with the two-step admin transfer.
 */
const UdiLedgerModule = buildModule("UdiLedger", (m) => {
  const adminTransferDelay = m.getParameter("adminTransferDelay", DEFAULT_ADMIN_TRANSFER_DELAY);
  const admin = m.getAccount(0);

  const directory = m.contract("ConsortiumDirectory", [adminTransferDelay, admin]);
  const products = m.contract("ProductRegistry", [directory]);
  const devices = m.contract("DeviceRegistry", [directory, products]);
  const lifecycle = m.contract("DeviceLifecycle", [directory, devices]);
  const recalls = m.contract("RecallRegistry", [directory, products, devices]);
  const anchors = m.contract("DataAnchorRegistry", [directory, devices]);
  m.call(devices, "wireModules", [lifecycle, recalls, anchors]);

  return { directory, products, devices, lifecycle, recalls, anchors };
});

export default UdiLedgerModule;
