import { expect } from "chai";
import {
  endOfDayUnix,
  Gs1Error,
  isoDate,
  isoDateOrMonth,
  parseGs1,
  resolveCentury,
  startOfDayUnix,
} from "../../src/gs1";

const at = (year: number) => new Date(Date.UTC(year, 6, 1));

describe("GS1 dates", function () {
  describe("century by GS1's sliding window", function () {
    it("keeps YY in the current century when it is 49 behind to 50 ahead", function () {
      expect(resolveCentury(26, at(2026))).to.equal(2026);
      expect(resolveCentury(75, at(2026))).to.equal(2075);
      expect(resolveCentury(76, at(2026))).to.equal(2076);
      expect(resolveCentury(0, at(2026))).to.equal(2000);
    });

    it("moves to the previous century when YY is 51 or more ahead", function () {
      expect(resolveCentury(99, at(2026))).to.equal(1999);
      expect(resolveCentury(77, at(2026))).to.equal(1977);
    });

    it("moves to the next century when YY is 50 or more behind", function () {
      expect(resolveCentury(10, at(2060))).to.equal(2110);
      expect(resolveCentury(11, at(2060))).to.equal(2011);
      expect(resolveCentury(49, at(2099))).to.equal(2149);
    });
  });

  describe("day 00", function () {
    const expiry = (yymmdd: string) => parseGs1(`(01)09506000134352(17)${yymmdd}`, { now: at(2026) }).expiry!;

    it("stands for the last day of the month, leap years included", function () {
      expect(isoDate(expiry("280200"))).to.equal("2028-02-29");
      expect(isoDate(expiry("270200"))).to.equal("2027-02-28");
      expect(isoDate(expiry("271200"))).to.equal("2027-12-31");
      expect(isoDate(expiry("270400"))).to.equal("2027-04-30");
    });

    it("keeps month precision where GS1 gives it no day (production dates)", function () {
      expect(isoDateOrMonth(expiry("270400"))).to.equal("2027-04");
      expect(isoDateOrMonth(expiry("270401"))).to.equal("2027-04-01");
    });
  });

  describe("instants", function () {
    it("an expiry is the last second of its day, UTC", function () {
      const d = parseGs1("(01)09506000134352(17)290315", { now: at(2026) }).expiry!;
      expect(endOfDayUnix(d)).to.equal(Date.UTC(2029, 2, 15, 23, 59, 59) / 1000);
    });

    it("an expiry with day 00 is the last second of the month", function () {
      const d = parseGs1("(01)09506000134352(17)290200", { now: at(2026) }).expiry!;
      expect(endOfDayUnix(d)).to.equal(Date.UTC(2029, 1, 28, 23, 59, 59) / 1000);
    });

    it("a production date is the first second of its day (of the month for day 00)", function () {
      const d = parseGs1("(01)09506000134352(11)250600", { now: at(2026) }).productionDate!;
      expect(startOfDayUnix(d)).to.equal(Date.UTC(2025, 5, 1) / 1000);
    });
  });

  it("names the field and value of a bad date", function () {
    expect(() => parseGs1("(01)09506000134352(11)251301")).to.throw(Gs1Error, 'productionDate "251301": month 13');
  });
});
