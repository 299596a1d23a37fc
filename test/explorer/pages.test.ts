import { expect } from "chai";
import { GLN, LOT } from "../fixtures";
import { percent, short } from "../../explorer/src/format";
import { countIs, downloadedCsv, fitsSideways, PHONE, seen, shot } from "./browser";
import { gln13, GTIN14, NAMES, explorerSuite } from "./helpers";
import { SHIPMENTS } from "../indexer/helpers/scenario";

describe("the audit explorer in headless chromium: device, recall and organisation pages", function () {
  this.timeout(180_000);
  const f = explorerSuite("explorer-pages");

  it("device page: the verdict first, the facts, the custody path and the history with its proof", async function () {
    const udi = `https://id.gs1.org/01/${GTIN14}/21/SN-0004`;
    const device = (await f.site.api(`/devices/${encodeURIComponent(udi)}`, f.tokens.reader)).body;
    const { page, errors } = await f.site.open(`/devices/${encodeURIComponent(`(01)${GTIN14}(21)SN-0004`)}`);
    const verdict = page.locator(".verdict");
    await seen(verdict.getByRole("heading"), "Do not use");
    expect(await verdict.textContent()).to.contain("Recorded as destroyed");
    const history = page.getByRole("list", { name: "Device history" });
    await history.locator("li").first().waitFor();
    expect(await history.locator("li").count()).to.equal(device.events.length);
    expect(await page.locator(".facts").textContent()).to.contain("St. Mary's Hospital");
    const caption = page.locator(".custody figcaption");
    await seen(caption, /Northern Medical Supply → St\. Mary's Hospital/);
    const install = history.locator("li", { hasText: "Installed / implanted" });
    await install.getByText("Proof").click();
    const proof = install.locator(".proof dl");
    const event = device.events.find((e: { event: string }) => e.event === "DeviceInstalled");
    expect(await proof.textContent())
      .to.contain(event.txHash)
      .and.contain(event.blockHash)
      .and.contain(String(event.logIndex));
    await shot(page, "device-destroyed-desktop");
    expect(errors).to.deep.equal([]);
  });

  it("device page: an anchored-data entry shows its root and transaction and checks a record receipt in the browser", async function () {
    const { serial, records, receipt, receiptPath } = f.anchored;
    const { page, errors } = await f.site.open(`/01/${GTIN14}/21/${serial}`, f.tokens.reader);
    const history = page.getByRole("list", { name: "Device history" });
    const entry = history.locator("li", { hasText: `Merkle root ${short(receipt.root)}` }); // the lot's has another
    await entry.locator("summary", { hasText: "Proof" }).click();
    const proof = entry.locator(".anchor-proof");
    expect(await proof.locator("dl").textContent())
      .to.contain(receipt.root)
      .and.contain(receipt.anchor.txHash)
      .and.contain(`anchor ${receipt.anchor.anchorId}, 3 records`);
    await proof.getByLabel("Record receipt (JSON)").setInputFiles(receiptPath);
    const outcome = proof.getByRole("status");
    const check = async (record: object | null) => {
      await proof.getByLabel(/The record itself/).fill(record ? JSON.stringify(record) : "");
      await proof.getByRole("button", { name: "Check the proof" }).click();
    };
    await check(records[0]);
    await seen(outcome, `proof verified: the record given is leaf ${receipt.leaf.hash}`);
    await check({ ...records[0], celsius: 9.9 }); // the record as it was not
    await seen(outcome, "proof refused (record check)");
    await check(records[1]); // another record of the tree: not the one this receipt proves
    await seen(outcome, "proof refused (record check)");
    const forged = { ...receipt, proof: receipt.proof.map((h, i) => (i === 0 ? `0x${"00".repeat(32)}` : h)) };
    await proof.getByLabel("Record receipt (JSON)").setInputFiles({
      name: "forged.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(forged)),
    });
    await check(null);
    await seen(outcome, `proof refused (proof check): the proof (${receipt.proof.length} hashes) does not lead`);
    await shot(page, "device-anchor-proof-desktop");
    expect(errors).to.deep.equal([]);
  });

  it("device page says usable for an active device with no reason not to", async function () {
    const { page } = await f.site.open(`/01/${GTIN14}/21/SN-B-0002`, f.tokens.reader);
    const verdict = page.locator(".verdict");
    await seen(verdict.getByRole("heading"), "Usable");
    expect(await verdict.getAttribute("class")).to.contain("verdict-ok");
    await shot(page, "device-ok-desktop");
    const phone = await f.site.open(`/01/${GTIN14}/21/SN-0002`, f.tokens.reader, PHONE);
    await phone.page.locator(".verdict h1").waitFor();
    // Nothing cut at the right edge of a 390 px phone: the page does not scroll sideways, the custody path fits.
    await seen(phone.page.locator(".custody figcaption"), "→");
    for (const selector of ["html", ".custody-scroll"]) await fitsSideways(phone.page, selector);
    await shot(phone.page, "device-recalled-phone");
  });

  it("recall page: class, action, issuer and the status report's figures equal GET /recalls/{id}; filter; CSV", async function () {
    const report = (await f.site.api("/recalls/1", f.tokens.reader)).body;
    const all = (await f.site.api("/recalls/1/devices?perPage=1000", f.tokens.reader)).body;
    const { page, errors } = await f.site.open("/recalls/1", f.tokens.reader);
    await page.locator("#fig-ack").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).to.equal("Recall 1: Class II removal");
    expect(await page.locator("#fig-ack").textContent()).to.contain(
      percent(report.effectiveness.acknowledgedConsignees),
    );
    expect(await page.locator("#fig-ack").textContent()).to.contain(
      `${report.summary.acknowledged} of ${report.summary.consignees}`,
    );
    expect(await page.locator("#fig-disp").textContent()).to.contain(
      percent(report.effectiveness.dispositionedDevices),
    );
    expect(await page.locator("#fig-held").textContent()).to.contain(String(report.summary.devicesStillHeld));
    expect(await page.locator("#fig-out").textContent()).to.contain(String(report.summary.outstanding));
    // The issuer is named as such, not listed among the consignees; what was returned to it is said apart.
    const issuer = NAMES.get(report.recall.issuer)!;
    expect(await page.locator(".grid").textContent()).to.contain(issuer);
    const consignees = page.getByRole("table", { name: "Consignees" });
    await countIs(consignees.locator("tbody tr"), report.consignees.length);
    expect(await consignees.textContent()).not.to.contain(issuer);
    expect(report.returnedToIssuer.dispositionPending).to.be.greaterThan(0);
    expect(await page.locator("#returned-to-issuer").textContent()).to.contain(
      `${issuer}GLN ${report.recall.issuer}, disposition pending: ${report.returnedToIssuer.dispositionPending} devices`,
    );
    const devices = page.getByRole("table", { name: "Affected devices" }).locator("tbody tr");
    await countIs(devices, all.total);
    await page.getByRole("combobox", { name: "Disposition" }).selectOption("none");
    const open_ = all.items.filter((d: { disposition: string | null }) => d.disposition === null);
    await countIs(devices, open_.length);
    expect(await devices.locator("td:first-child").allTextContents()).to.deep.equal(
      open_.map((d: { udi: string }) => d.udi),
    );
    const csv = await downloadedCsv(page);
    expect(csv[0]).to.equal("recallId,udi,deviceId,custodianGln,custodianName,status,disposition");
    expect(csv.slice(1).map((l) => l.split(",")[1])).to.deep.equal(open_.map((d: { udi: string }) => d.udi));
    await page.getByRole("combobox", { name: "Disposition" }).selectOption("");
    await countIs(devices, all.total);
    await shot(page, "recall-desktop");
    const phone = await f.site.open("/recalls/1", f.tokens.reader, PHONE);
    await countIs(phone.page.getByRole("table", { name: "Affected devices" }).locator("tbody tr"), all.total);
    await fitsSideways(phone.page); // the filters' selects (long organisation names) too
    await shot(phone.page, "recall-phone");
    expect(errors).to.deep.equal([]);
  });

  it("organisation page: inventory by status and product, shipments in and out, alerts; paged by the service", async function () {
    const gln = gln13(GLN.distributor);
    const summary = (await f.site.api(`/organisations/${gln}`, f.tokens.reader)).body;
    const shipments = (await f.site.api(`/organisations/${gln}/shipments`, f.tokens.reader)).body;
    const { page, errors } = await f.site.open(`/organisations/${gln}`, f.tokens.reader);
    await page.getByRole("heading", { name: "Northern Medical Supply" }).waitFor();
    expect(await page.locator("#inventory-h").textContent()).to.equal(`Inventory: ${summary.inventory.total} devices`);
    const products = page.getByRole("table", { name: "Inventory by product" }).locator("tbody tr");
    await countIs(products, summary.inventory.byProduct.length);
    const byStatus = page.getByRole("table", { name: "Shipments by status" });
    for (const [direction, label] of [
      ["in", "In (received by it)"],
      ["out", "Out (sent by it)"],
    ]) {
      const cells = await byStatus.getByRole("row", { name: label }).locator("td").allTextContents();
      const want = ["InTransit", "Received", "Rejected", "Cancelled"].map((k) =>
        String(summary.shipments[direction][k] ?? 0),
      );
      expect(cells, direction).to.deep.equal(want);
    }
    const rows = page.getByRole("table", { name: "Shipments", exact: true }).locator("tbody tr");
    await countIs(rows, shipments.total);
    await page.getByRole("combobox", { name: "Direction" }).selectOption("in");
    const incoming = shipments.items.filter((x: { direction: string }) => x.direction === "in");
    await countIs(rows, incoming.length);
    expect(await rows.locator("td:first-child").allTextContents()).to.deep.equal(
      incoming.map((x: { shipmentId: number }) => `Shipment ${x.shipmentId}`),
    );
    expect(await page.locator("#alerts-h").textContent()).to.equal(`Alerts (${summary.alerts})`);
    await shot(page, "organisation-desktop");
    expect(errors).to.deep.equal([]);
  });

  it("lot and shipment pages: their devices paged by the service, the rows and counts of its lists", async function () {
    const udis = (page: { items: { udi: string }[] }) => page.items.map((d) => d.udi);
    const lot = (await f.site.api(`/lots/${GTIN14}/${LOT}/devices`, f.tokens.reader)).body;
    const opened = await f.site.open(`/lots/${GTIN14}/${LOT}`, f.tokens.reader);
    const lotRows = opened.page.getByRole("table", { name: "Devices of the lot" }).locator("tbody tr");
    await countIs(lotRows, lot.total);
    expect(await lotRows.locator("td:first-child").allTextContents()).to.deep.equal(udis(lot));
    await seen(opened.page.getByRole("heading", { level: 2 }), `${lot.total} devices`);
    // The shipment carrying the most devices: a list of more than one.
    const lists = await Promise.all(
      Object.values(SHIPMENTS).map(async (id) => (await f.site.api(`/shipments/${id}/devices`, f.tokens.reader)).body),
    );
    const shipment = lists.reduce((a, b) => (b.total > a.total ? b : a));
    expect(shipment.total).to.be.greaterThan(1);
    const { page, errors } = await f.site.open(`/shipments/${shipment.shipmentId}`, f.tokens.reader);
    const rows = page.getByRole("table", { name: "Devices shipped" }).locator("tbody tr");
    await countIs(rows, shipment.total);
    expect(await rows.locator("td:first-child").allTextContents()).to.deep.equal(udis(shipment));
    await seen(page.getByRole("heading", { level: 2 }), new RegExp(`^${shipment.total} devices, \\d+ cases$`));
    expect([...opened.errors, ...errors]).to.deep.equal([]);
  });
});
