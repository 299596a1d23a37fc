import type { Sql } from "./sql";

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

/** `sql` is read lazily: the cache is made with the connection it reads. */
export function createDeviceKeys(sql: () => Sql): DeviceKeys {
  const cache = new Map<string, number>();
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
          key = sql().get<{ k: number }>("SELECT device_key AS k FROM devices WHERE device_id = ?", deviceId)?.k;
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
