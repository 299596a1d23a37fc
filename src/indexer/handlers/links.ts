import type { Sql } from "../store/sql";

/** The device trail: which stored events concern which device (directly, or through its container or shipment). */

/** Lists are bound as one JSON text and expanded by SQLite's json_each: one statement whatever their length. */
export const IN_LIST = "(SELECT value FROM json_each(?))";

/**
 * On the hot paths, lists are bound one value per parameter instead: a prepared statement per list length (at most
 * the contract's batch limit of 400), and no JSON to parse. `?, ?, …`: n placeholders.
 */
export const placeholders = (n: number): string => "?, ".repeat(n - 1) + "?";

/** `(?, ?), (?, ?), …`: n rows of two placeholders. */
export const placeholderPairs = (n: number): string => "(?, ?), ".repeat(n - 1) + "(?, ?)";

/** Records that event `eventId` concerns device `deviceId`. */
export const link = (sql: Sql, deviceId: string, eventId: number): void => {
  sql.run(
    "INSERT OR IGNORE INTO device_events SELECT device_key, ? FROM devices WHERE device_id = ?",
    eventId,
    deviceId,
  );
};

/** Records that event `eventId` concerns each of `deviceIds`. */
export const linkAll = (sql: Sql, deviceIds: string[], eventId: number): void => {
  sql.run(
    `INSERT OR IGNORE INTO device_events SELECT device_key, ? FROM devices WHERE device_id IN ${IN_LIST}`,
    eventId,
    JSON.stringify(deviceIds),
  );
};

/** Records that event `eventId` concerns every device packed in container `sscc` now. */
export const linkContainer = (sql: Sql, sscc: string, eventId: number): void => {
  sql.run(
    `INSERT OR IGNORE INTO device_events SELECT d.device_key, ? FROM containers c JOIN devices d ON d.container_key = c.key
     WHERE c.sscc = ?`,
    eventId,
    sscc,
  );
};

/** Records that event `eventId` concerns the devices with row keys `deviceKeys`. */
export const linkKeys = (sql: Sql, deviceKeys: readonly number[], eventId: number): void => {
  if (deviceKeys.length === 0) return;
  sql.run(
    `INSERT OR IGNORE INTO device_events VALUES ${placeholderPairs(deviceKeys.length)}`,
    ...deviceKeys.flatMap((key) => [key, eventId]),
  );
};

/** Records that event `eventId` concerns every device packed now in the containers of the JSON list `ssccs`. */
export const linkContainers = (sql: Sql, ssccs: string, eventId: number): void => {
  sql.run(
    `INSERT OR IGNORE INTO device_events SELECT d.device_key, ? FROM containers c JOIN devices d ON d.container_key = c.key
     WHERE c.sscc IN ${IN_LIST}`,
    eventId,
    ssccs,
  );
};
