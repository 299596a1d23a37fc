import type { Command } from "commander";
import { addDatabaseOptions } from "./database";

/** Registers `db migrate`: the index's schema and tables created or upgraded, without indexing (no chain needed). */
export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("manage the index's database");
  addDatabaseOptions(
    db
      .command("migrate")
      .description("create or upgrade the schema and tables of the index, print its schema version, and exit"),
    "the index (created when absent)",
  ).action(async (o: { db: string }) => {
    // Loaded here: `--help` and `--version` need neither the store nor the decoder.
    const [{ openStore }, { createEventDecoder }] = await Promise.all([
      import("../../indexer/store/store"),
      import("../../indexer/decode/decoder"),
    ]);
    const store = openStore(o.db, { decoder: createEventDecoder(), reorgWindow: 1 });
    try {
      process.stdout.write(`${store.name}: schema version ${store.meta("schemaVersion")}\n`);
    } finally {
      store.close();
    }
  });
}
