import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEventDecoder } from "../../src/indexer/decode/decoder";
import { openStore } from "../../src/indexer/store/store";
import { listDeliveries } from "../../src/serve/alerts/deliveries";
import { openAlertStore, type AlertStore } from "../../src/serve/alerts/store";
import { freshDb, STORES } from "../indexer/helpers/indexed-hardhat";
import { deliveryOf, keysOf, queueDispatch, subscribeAll } from "./alert-fixture";

const LEASE = 1_000;

for (const kind of STORES) {
  describe(`alert claims (${kind}): replicas sharing one outbox`, function () {
    this.timeout(60_000);
    let dir: string;
    let a: AlertStore;
    let b: AlertStore;
    let keys: string[];
    let subscription: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "udi-claims-"));
      const db = await freshDb(kind, dir, "claims");
      const store = openStore(db, { decoder: createEventDecoder(), reorgWindow: 8 });
      store.initCheckpoint({ number: 5, hash: "0x" + "1".repeat(64), time: 1 });
      store.close();
      [a, b] = [openAlertStore(db, "replica-a"), openAlertStore(db, "replica-b")];
      subscription = subscribeAll(a, "http://127.0.0.1:9/hook").id;
      for (let i = 0; i < 5; i++) queueDispatch(a.sql, 10, i);
      keys = keysOf(a.sql, subscription);
    });
    after(() => {
      a?.close();
      b?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("gives each due alert to one replica, oldest first, and sees the other's subscription", function () {
      expect(b.subscription(subscription)?.deliveries.pending).to.equal(5);
      const now = Date.now();
      const first = a.due(now, 3, LEASE).map((x) => x.key);
      const second = b.due(now, 3, LEASE).map((x) => x.key);
      expect(first).to.deep.equal(keys.slice(0, 3));
      expect(second, "what A holds is not B's").to.deep.equal(keys.slice(3));
      expect(a.due(now, 3, LEASE)).to.deep.equal([]);
      expect(a.nextDue(), "nothing is due before the leases lapse").to.equal(now + LEASE);
    });

    it("lets another replica take an alert whose lease lapsed; the first one's late records change nothing twice", function () {
      const later = Date.now() + 2 * LEASE;
      const taken = b.due(later, 1, LEASE);
      expect(taken.map((x) => x.key)).to.deep.equal([keys[0]]);
      a.failed(keys[0], "HTTP 500", later + 10); // A lost its claim: its failure is not recorded
      expect(deliveryOf(a.sql, keys[0])).to.deep.include({ state: "pending", attempts: 0 });
      expect(b.delivered(keys[0], later)).to.equal(true);
      expect(a.delivered(keys[0], later), "recorded once").to.equal(false);
      expect(deliveryOf(a.sql, keys[0])).to.deep.include({ state: "delivered", attempts: 1 });
      a.failed(keys[1], "HTTP 500", null); // A still holds keys[1]: it is given up
      const dead = listDeliveries(b.sql, subscription, "dead", 0, 10).items.map((d) => d.id);
      expect(dead).to.deep.equal([keys[1]]);
    });
  });
}
