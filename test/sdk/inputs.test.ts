import { expect } from "chai";
import {
  deviceId,
  SdkInputError,
  toBytes32,
  toDevice,
  toGln,
  toGtin,
  toSscc,
  toUnixSeconds,
  roleMask,
} from "../../src/sdk";

const GTIN = "09506000134352";

/** Asserts an input error naming this field. */
function refuses(fn: () => unknown, field: string, reason: string | RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(SdkInputError);
    expect((error as SdkInputError).field).to.equal(field);
    expect((error as SdkInputError).message).to.match(
      typeof reason === "string" ? new RegExp(reason.replace(/[()]/g, "\\$&")) : reason,
    );
    return;
  }
  throw new Error("expected an SdkInputError");
}

describe("SDK inputs", function () {
  it("takes a GTIN as digits, a number, a GTIN-13 or any GS1 form carrying (01)", function () {
    for (const value of [
      GTIN,
      "9506000134352",
      9506000134352n,
      9506000134352,
      `(01)${GTIN}(21)X`,
      `https://id.gs1.org/01/${GTIN}`,
    ]) {
      expect(toGtin(value)).to.equal(9506000134352n);
    }
  });

  it("refuses a GTIN with a bad check digit, letters, the wrong length or an unsafe number", function () {
    refuses(() => toGtin("09506000134353"), "gtin", "check digit");
    refuses(() => toGtin("0950600013435A"), "gtin", "digits");
    refuses(() => toGtin("950600013435"), "gtin", "check digit");
    refuses(() => toGtin("123"), "gtin", "digits");
    refuses(() => toGtin(2 ** 60), "gtin", "safe integer");
    refuses(() => toGtin("(00)106141411234567897"), "gtin", "carries no gtin");
  });

  it("takes GLNs and SSCCs as digits or GS1 strings", function () {
    expect(toGln("(414)0614141000012")).to.equal(614141000012n);
    expect(toGln("https://id.gs1.org/417/0614141000012")).to.equal(614141000012n);
    expect(toSscc("(00)106141411234567897")).to.equal(106141411234567897n);
    refuses(() => toGln("0614141000013"), "gln", "check digit");
    refuses(() => toSscc("10614141123456789"), "container", "18 digits");
  });

  it("resolves a device from a UDI, an id or fields to the same id", function () {
    const id = deviceId(BigInt(GTIN), "S(1)");
    expect(toDevice(`(01)${GTIN}(21)S\\(1)`).deviceId).to.equal(id);
    expect(toDevice(`https://id.gs1.org/01/${GTIN}/21/S%281%29`).deviceId).to.equal(id);
    expect(toDevice({ gtin: GTIN, serial: "S(1)" }).deviceId).to.equal(id);
    expect(toDevice({ deviceId: id.toUpperCase().replace("0X", "0x") }).deviceId).to.equal(id);
    expect(toDevice(id).deviceId).to.equal(id);
  });

  it("refuses a device UDI without a serial and a serial outside set 82, naming the field", function () {
    refuses(() => toDevice(`(01)${GTIN}(10)L`), "device", "needs a GTIN (01) and a serial (21)");
    refuses(() => toDevice({ gtin: GTIN, serial: "A B" }), "device.serial", "character set 82");
    refuses(() => toDevice({ gtin: GTIN, serial: "" }), "device.serial", "0 characters");
    refuses(() => toDevice("(01)09506000134353(21)X"), "device", "check digit");
  });

  it("checks hashes, times and roles", function () {
    expect(toBytes32("0x01", "h")).to.equal("0x" + "0".repeat(62) + "01");
    refuses(() => toBytes32("abc", "metadataHash"), "metadataHash", "0x");
    expect(toUnixSeconds(new Date(Date.UTC(2030, 0, 1)), "t")).to.equal(1893456000n);
    refuses(() => toUnixSeconds(-1, "expiresAt"), "expiresAt", "non-negative");
    refuses(() => toUnixSeconds(2n ** 40n, "expiresAt"), "expiresAt", "uint40");
    expect(roleMask(["Manufacturer", "Distributor"])).to.equal(0b110);
    refuses(() => roleMask([]), "roles", "at least one");
    refuses(() => roleMask(["None"]), "roles", "None");
  });
});
