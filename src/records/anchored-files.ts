import { createWriteStream, mkdirSync, renameSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import type { BuildResult } from "./build";
import { receiptOf, type AnchorRef } from "./receipt";
import { writeTreeFile, type TreeMeta } from "./tree-file";

/**
 * Writes what an anchored batch leaves for later, in `dir`: `tree.json` (written under a temporary name, then renamed,
 * so a tree file is always whole) and, unless `receipts` is false, `receipts.jsonl` (one receipt a record, in input
 * order). Returns the tree file's `udiLedger` member.
 */
export async function writeAnchoredBatch(
  dir: string,
  built: BuildResult,
  anchor: AnchorRef,
  options: { uri: string; window?: { start: number; end: number }; receipts?: boolean },
): Promise<TreeMeta> {
  const { tree, timeField } = built;
  mkdirSync(dir, { recursive: true });
  const meta: TreeMeta = {
    version: 1,
    root: tree.root,
    recordCount: tree.count,
    target: tree.target,
    timeField,
    window: options.window ?? tree.window,
    uri: options.uri,
    excursion: built.excursion,
    anchor,
  };
  await writeTreeFile(join(dir, "tree.json.tmp"), tree, meta);
  renameSync(join(dir, "tree.json.tmp"), join(dir, "tree.json"));
  if (options.receipts !== false) {
    const file = createWriteStream(join(dir, "receipts.jsonl"));
    for (let i = 0; i < tree.count; i++) {
      if (!file.write(JSON.stringify(receiptOf(tree, i, timeField, anchor)) + "\n")) await once(file, "drain");
    }
    file.end();
    await once(file, "finish");
  }
  return meta;
}
