import { expect } from "chai";
import type { LookupAddress } from "node:dns";
import { indexedHardhatScenario, type IndexedScenario } from "../indexer/helpers/indexed-hardhat";
import { addressRefusal, checkDestination, type Resolver } from "../../src/serve/alerts/destination";
import { openAlertStore, type AlertStore } from "../../src/serve/alerts/store";
import { deliveryOf, keysOf, queueDispatch, subscribeAll, testWorker } from "./alert-fixture";
import { testApp } from "./helpers";
import { eventually, webhookReceiver, type Receiver } from "./receiver";

const SECRET = "a-webhook-secret-of-the-hospital";

/** Each class of address the guard refuses, as the URL parser may read it. */
const REFUSED: [url: string, range: string][] = [
  ["http://127.0.0.1/hook", "loopback"],
  ["http://2130706433/hook", "loopback"], // decimal
  ["http://0x7f.1/hook", "loopback"], // hex
  ["http://0177.0.0.1/hook", "loopback"], // octal
  ["http://[::ffff:127.0.0.1]/hook", "loopback"], // IPv4-mapped IPv6
  ["http://[::1]:8080/hook", "loopback"],
  ["http://10.0.0.5/hook", "private"],
  ["http://172.16.3.4/hook", "private"],
  ["https://192.168.1.10/hook", "private"],
  ["http://169.254.169.254/latest/meta-data/", "linkLocal"], // cloud metadata
  ["http://[fe80::1]/hook", "linkLocal"],
  ["http://[fd00:ec2::254]/hook", "uniqueLocal"], // EC2's IPv6 metadata
  ["http://100.100.100.200/hook", "carrierGradeNat"], // Alibaba's metadata
  ["http://224.0.0.1/hook", "multicast"],
  ["http://[ff02::1]/hook", "multicast"],
  ["http://0.0.0.0/hook", "unspecified"],
  ["http://[::]/hook", "unspecified"],
  ["http://255.255.255.255/hook", "broadcast"],
  ["http://[2002:7f00:1::]/hook", "6to4"], // embeds 127.0.0.1
];

const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (table[hostname] ?? []).map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("udi-ledger serve: webhook destinations (SSRF guard)", function () {
  this.timeout(120_000);
  let s: IndexedScenario;
  let store: AlertStore;
  let receiver: Receiver;

  before(async function () {
    s = await indexedHardhatScenario("serve-ssrf");
    store = openAlertStore(s.dbPath);
    receiver = await webhookReceiver();
    await receiver.up();
  });
  after(async () => {
    await receiver?.down();
    store?.close();
    await s?.close();
  });

  it("refuses every non-public address class, IPv4 and IPv6, and accepts public unicast", function () {
    for (const [url, range] of REFUSED) {
      const host = new URL(url).hostname;
      expect(addressRefusal(host), url).to.contain(`(${range})`);
      expect(() => checkDestination(url, false), url).to.throw(/not a public address/);
      expect(checkDestination(url, true).toString(), "the operator's opt-in admits it").to.equal(new URL(url).href);
    }
    for (const address of ["93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
      expect(addressRefusal(address), address).to.equal(null);
    expect(() => checkDestination("http://localhost:9000/hook", false)).to.throw(/loopback name/);
    expect(() => checkDestination("http://hooks.LOCALHOST./x", false)).to.throw(/loopback name/);
    expect(checkDestination("https://erp.example.com/udi-alerts", false).host).to.equal("erp.example.com");
    // Never admitted, opt-in or not: other schemes, credentials.
    for (const allow of [false, true]) {
      expect(() => checkDestination("file:///etc/passwd", allow)).to.throw(/must be http or https/);
      expect(() => checkDestination("gopher://erp.example.com/", allow)).to.throw(/must be http or https/);
      expect(() => checkDestination("https://u:p@erp.example.com/", allow)).to.throw(/credentials/);
      expect(() => checkDestination("erp.example.com/hook", allow)).to.throw(/not an absolute URL/);
    }
  });

  it("answers a subscription to a refused address with a 400 problem naming url and the reason", async function () {
    const strict = await testApp(s.dbPath, { alerts: store });
    const open = await testApp(s.dbPath, { alerts: store, allowPrivateWebhooks: true });
    try {
      for (const [url, range] of REFUSED) {
        const r = await strict.app.inject({ method: "POST", url: "/subscriptions", payload: { url, secret: SECRET } });
        expect(r.statusCode, url).to.equal(400);
        expect(r.headers["content-type"]).to.match(/^application\/problem\+json/);
        const problem = r.json() as { parameter: string; detail: string };
        expect(problem.parameter).to.equal("url");
        expect(problem.detail, url).to.contain(`not a public address (${range})`);
      }
      const local = await strict.app.inject({
        method: "POST",
        url: "/subscriptions",
        payload: { url: "http://localhost/hook", secret: SECRET },
      });
      expect([local.statusCode, local.json().parameter]).to.deep.equal([400, "url"]);
      const admitted = await open.app.inject({
        method: "POST",
        url: "/subscriptions",
        payload: { url: receiver.url, secret: SECRET },
      });
      expect(admitted.statusCode, "with --allow-private-webhooks").to.equal(201);
      expect(store.deleteSubscription(admitted.json().id)).to.equal(true);
    } finally {
      await strict.close();
      await open.close();
    }
  });

  it("refuses at delivery a name that resolves to a private address, and connects to the checked address", async function () {
    const port = new URL(receiver.url).port;
    const resolver = resolverOf({ "hooks.example": ["127.0.0.1"], "mixed.example": ["93.184.215.14", "10.0.0.7"] });
    const named = subscribeAll(store, `http://hooks.example:${port}/hook`);
    const mixed = subscribeAll(store, `http://mixed.example:${port}/hook`);
    // Made while the operator allowed it; the service now runs without the opt-in.
    const literal = subscribeAll(store, receiver.url);
    const block = s.report.checkpoint.number + 100;
    queueDispatch(store.sql, block, 0);
    const keys = [named, mixed, literal].map((sub) => keysOf(store.sql, sub.id)[0]);

    const strict = testWorker(store, { resolver });
    try {
      const retried = await eventually(() => keys.every((k) => deliveryOf(store.sql, k).attempts >= 3));
      expect(retried, JSON.stringify(keys.map((k) => deliveryOf(store.sql, k)))).to.equal(true);
    } finally {
      await strict.stop();
    }
    expect(receiver.received, "nothing reached the loopback receiver").to.deep.equal([]);
    const [n, m, l] = keys.map((k) => deliveryOf(store.sql, k));
    expect(n.state).to.equal("pending");
    expect(n.last_error).to.equal(
      'host "hooks.example": resolves to a refused address: 127.0.0.1 is not a public address (loopback)',
    );
    expect(m.last_error, "one private address among public ones refuses the name").to.contain("10.0.0.7");
    expect(l.last_error).to.contain("127.0.0.1 is not a public address (loopback)");

    // With the opt-in, the same resolver's address is the one connected to; Host still names the subscriber.
    store.deleteSubscription(mixed.id);
    const open = testWorker(store, { resolver, allowPrivate: true });
    try {
      expect(await eventually(() => receiver.received.length === 2)).to.equal(true);
    } finally {
      await open.stop();
    }
    expect(receiver.received.map((r) => r.host).sort()).to.deep.equal([`127.0.0.1:${port}`, `hooks.example:${port}`]);
    expect(receiver.received.map((r) => r.key).sort()).to.deep.equal([keys[0], keys[2]].sort());
  });
});
