import { expect } from "chai";
import { parseConsortiumConfig } from "../../src/deploy/consortium-config";
import { PermanentDeployError } from "../../src/deploy/errors";

const ORGANISATION = {
  gln: "0614141000012",
  roles: ["Manufacturer"],
  accounts: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
};

/** Expects the config to be refused with a CONFIG error naming `field`, its message matching `message`. */
function expectRefused(raw: Record<string, unknown>, field: string, message: RegExp) {
  let error: unknown;
  try {
    parseConsortiumConfig({ organisations: [ORGANISATION], ...raw });
  } catch (e) {
    error = e;
  }
  expect(error, field).to.be.instanceOf(PermanentDeployError);
  expect([(error as PermanentDeployError).code, (error as PermanentDeployError).field]).to.deep.equal([
    "CONFIG",
    field,
  ]);
  expect((error as PermanentDeployError).message).to.match(message);
}

describe("consortium config: the governance section and validators", () => {
  it("reads the governor's and timelock's parameters, with defaults for the vote, and a validator per organisation", () => {
    const config = parseConsortiumConfig({
      organisations: [{ ...ORGANISATION, validator: "0x00000000000000000000000000000000000000a1" }],
      governance: { timelockDelaySeconds: 86_400, guardian: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" },
    });
    expect(config.governance).to.deep.equal({
      votingDelay: 1n,
      votingPeriod: 43_200n,
      quorumPercent: 50n,
      timelockDelay: 86_400n,
      guardian: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    });
    expect(config.organisations[0].validator).to.equal("0x00000000000000000000000000000000000000A1");
    expect(parseConsortiumConfig({ organisations: [ORGANISATION] })).to.not.have.property("governance");
  });

  it("names each refused field and value", () => {
    expectRefused({ governance: [] }, "governance", /must be an object/);
    expectRefused({ governance: {} }, "governance.timelockDelaySeconds", /is required/);
    expectRefused({ governance: { timelockDelaySeconds: 1, quorum: 5 } }, "governance.quorum", /unknown field/);
    expectRefused(
      { governance: { timelockDelaySeconds: 1, quorumPercent: 101 } },
      "governance.quorumPercent",
      /101 is not a whole number from 1 to 100/,
    );
    expectRefused(
      { governance: { timelockDelaySeconds: 1, votingPeriodBlocks: 0 } },
      "governance.votingPeriodBlocks",
      /0 is not a whole number from 1 to/,
    );
    expectRefused({ governance: { timelockDelaySeconds: -1 } }, "governance.timelockDelaySeconds", /-1 is not/);
    expectRefused(
      { governance: { timelockDelaySeconds: 1, guardian: "0x12" } },
      "governance.guardian",
      /is not an address/,
    );
    const validator = "0x00000000000000000000000000000000000000a1";
    expectRefused(
      {
        organisations: [
          { ...ORGANISATION, validator },
          {
            gln: "0614143000010",
            roles: ["Distributor"],
            accounts: ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
            validator,
          },
        ],
      },
      "organisations[1].validator",
      /duplicate validator/,
    );
  });
});
