import { createConfig, type IndexerOptions } from "../../../src/indexer/config";
import { createIndexer, type SyncReport } from "../../../src/indexer/sync/indexer";

/** Runs the indexer once to the head it sees, closes its store, and returns its report. */
export async function indexOnce(options: IndexerOptions): Promise<SyncReport> {
  const indexer = createIndexer(createConfig(options));
  try {
    return await indexer.run();
  } finally {
    indexer.store.close();
  }
}
