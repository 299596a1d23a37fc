import type { Database, Statement } from "better-sqlite3";

/**
 * Row keys of devices by device id, remembered as devices are written, so that the hot custody paths (dispatch,
 * receipt) update `devices` by its integer key instead of searching the device-id index. A cache of the projection:
 * cleared whenever the projection may have changed under it (rollback, rebuild, a failed transaction).
 */
export interface DeviceKeys {
  remember(deviceId: string, key: number): void;
  /** The row keys of `deviceIds`, in order; ids that are not in `devices` are left out. */
  of(deviceIds: readonly string[]): number[];
  clear(): void;
}

/** Entries kept before the cache starts over (≈ 40 MB): a replay touches recent devices most. */
const LIMIT = 250_000;

export function createDeviceKeys(db: Database): DeviceKeys {
  const cache = new Map<string, number>();
  let lookup: Statement<[string], number> | undefined;
  const remember = (deviceId: string, key: number): void => {
    if (cache.size >= LIMIT) cache.clear();
    cache.set(deviceId, key);
  };
  return {
    remember,
    of(deviceIds) {
      const keys: number[] = [];
      for (const deviceId of deviceIds) {
        let key = cache.get(deviceId);
        if (key === undefined) {
          lookup ??= db.prepare<[string], number>("SELECT device_key FROM devices WHERE device_id = ?").pluck();
          key = lookup.get(deviceId);
          if (key === undefined) continue;
          remember(deviceId, key);
        }
        keys.push(key);
      }
      return keys;
    },
    clear: () => cache.clear(),
  };
}
