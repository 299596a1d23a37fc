import type { DeployedName } from "../../manifest";
import { custodyHandlers } from "./custody";
import { lotAndDeviceHandlers } from "./devices";
import { directoryHandlers, productHandlers } from "./directory";
import { governorHandlers, timelockHandlers } from "./governance";
import { lifecycleHandlers } from "./lifecycle";
import { anchorHandlers } from "./anchors";
import { recallHandlers } from "./recalls";
import { str, type Handler, type HandlerTable } from "./types";

/** Pause state is projected for every contract. */
const pauseHandlers: HandlerTable = {
  Paused: (sql, e) => sql.run("INSERT OR REPLACE INTO paused VALUES (?, 1)", e.contract),
  Unpaused: (sql, e) => sql.run("INSERT OR REPLACE INTO paused VALUES (?, 0)", e.contract),
};

/** Each directory event about an organisation also enters that organisation's trail. */
const withOrganisationTrail = (table: HandlerTable): HandlerTable =>
  Object.fromEntries(
    Object.entries(table).map(([name, handler]): [string, Handler] => [
      name,
      (sql, e) => {
        handler(sql, e);
        if (e.args.gln !== undefined) {
          sql.run("INSERT OR IGNORE INTO organisation_events VALUES (?, ?)", str(e.args.gln), e.id);
        }
      },
    ]),
  );

/** The handlers per contract: config → sync → handlers per contract → store. */
export const HANDLERS: Record<DeployedName, HandlerTable> = {
  ConsortiumDirectory: withOrganisationTrail({ ...directoryHandlers, ...pauseHandlers }),
  ProductRegistry: { ...productHandlers, ...pauseHandlers },
  DeviceRegistry: { ...lotAndDeviceHandlers, ...custodyHandlers, ...pauseHandlers },
  DeviceLifecycle: { ...lifecycleHandlers, ...pauseHandlers },
  RecallRegistry: { ...recallHandlers, ...pauseHandlers },
  DataAnchorRegistry: { ...anchorHandlers, ...pauseHandlers },
  ConsortiumTimelock: timelockHandlers,
  ConsortiumGovernor: governorHandlers,
};

/** The handler of an event, or undefined for events that change no projection (admin-delay bookkeeping). */
export const handlerOf = (contract: DeployedName, name: string): Handler | undefined => HANDLERS[contract]?.[name];
