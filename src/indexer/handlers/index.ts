import type { ContractName } from "../../manifest";
import { custodyHandlers } from "./custody";
import { lotAndDeviceHandlers } from "./devices";
import { directoryHandlers, productHandlers } from "./directory";
import { lifecycleHandlers } from "./lifecycle";
import { anchorHandlers } from "./anchors";
import { recallHandlers } from "./recalls";
import type { Handler, HandlerTable } from "./types";

/** Pause state is projected for every contract. */
const pauseHandlers: HandlerTable = {
  Paused: (sql, e) => sql.run("INSERT OR REPLACE INTO paused VALUES (?, 1)", e.contract),
  Unpaused: (sql, e) => sql.run("INSERT OR REPLACE INTO paused VALUES (?, 0)", e.contract),
};

/** The handlers per contract: config → sync → handlers per contract → store. */
export const HANDLERS: Record<ContractName, HandlerTable> = {
  ConsortiumDirectory: { ...directoryHandlers, ...pauseHandlers },
  ProductRegistry: { ...productHandlers, ...pauseHandlers },
  DeviceRegistry: { ...lotAndDeviceHandlers, ...custodyHandlers, ...pauseHandlers },
  DeviceLifecycle: { ...lifecycleHandlers, ...pauseHandlers },
  RecallRegistry: { ...recallHandlers, ...pauseHandlers },
  DataAnchorRegistry: { ...anchorHandlers, ...pauseHandlers },
};

/** The handler of an event, or undefined for events that change no projection (admin-delay bookkeeping). */
export const handlerOf = (contract: ContractName, name: string): Handler | undefined => HANDLERS[contract]?.[name];
