import { existsSync } from "node:fs";
import { parseManifest, type Manifest } from "../../manifest";
import { createEventDecoder, type EventDecoder } from "../decode/decoder";
import { InvalidArgumentError } from "../errors";
import { isPostgresUrl } from "../store/postgres/target";
import { openStore, type Checkpoint, type Store } from "../store/store";

/** An indexed database opened for queries and exports: store, decoder, checkpoint, and the manifest it indexed. */
export interface QueryContext {
  store: Store;
  decoder: EventDecoder;
  asOf: Checkpoint;
  manifest: Manifest;
  close(): void;
}

/** Opens an existing database read-only; fails with the path when it is missing or was never indexed. */
export function openQueryContext(dbPath: string): QueryContext {
  if (!isPostgresUrl(dbPath) && !existsSync(dbPath))
    throw new InvalidArgumentError("db", dbPath, "does not exist: run `udi-ledger index` first");
  const decoder = createEventDecoder();
  const store = openStore(dbPath, { decoder, reorgWindow: 1, readonly: true });
  const asOf = store.checkpoint();
  const manifestText = store.meta("manifest");
  if (!asOf || !manifestText) {
    store.close();
    throw new InvalidArgumentError("db", store.name, "holds no indexed data: run `udi-ledger index` first");
  }
  return { store, decoder, asOf, manifest: parseManifest(JSON.parse(manifestText)), close: () => store.close() };
}
