// Serves the test scenario (with its hostile lot and serial) and the built explorer for development and screenshots:
// `npx hardhat run scripts/explorer-dev.ts`; prints the URL and the three tokens, runs until interrupted.
import { explorerFixture } from "../test/explorer/helpers";

async function main(): Promise<void> {
  const f = await explorerFixture("explorer-dev");
  process.stdout.write(JSON.stringify({ url: f.url, tokens: f.tokens, db: f.scenario.dbPath }) + "\n");
  await new Promise<void>((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  await f.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
