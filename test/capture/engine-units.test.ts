import { expect } from "chai";
import { unitsOf } from "../../src/capture/engine/units";
import { commission, device, event } from "./engine-helpers";

describe("capture engine: units (the parts of events a journal records)", () => {
  const doc = [
    event(0, commission(["A", "B", "C", "D"])),
    event(1, { kind: "pack", sscc: "106141410000000012", devices: [device("A"), device("B")] }),
    event(2, { kind: "release", device: device("A") }, { kind: "destroy", device: device("A") }),
  ];

  it("every item of every operation, in document order", () => {
    expect(unitsOf(doc)).to.deep.equal([
      { event: 0, op: 0, from: 0, to: 4 },
      { event: 1, op: 0, from: 0, to: 2 },
      { event: 2, op: 0, from: 0, to: 1 },
      { event: 2, op: 1, from: 0, to: 1 },
    ]);
  });

  it("minus the parts done, leaving the gaps as ranges", () => {
    const done = [
      { event: 0, op: 0, from: 1, to: 3 },
      { event: 1, op: 0, from: 0, to: 2 },
      { event: 2, op: 0, from: 0, to: 1 },
    ];
    expect(unitsOf(doc, done)).to.deep.equal([
      { event: 0, op: 0, from: 0, to: 1 },
      { event: 0, op: 0, from: 3, to: 4 },
      { event: 2, op: 1, from: 0, to: 1 },
    ]);
  });
});
