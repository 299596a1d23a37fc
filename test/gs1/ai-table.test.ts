import { expect } from "chai";
import { AI_TABLE } from "../../src/gs1";
import { readDictionary } from "./syntax-dictionary";

const REQUIRED_AIS = ["00", "01", "10", "11", "17", "21", "414", "417", "8004", "8012"];

describe("GS1 AI table", function () {
  const dictionary = readDictionary();
  const supported = new Set(AI_TABLE.map((d) => d.ai));
  /** A list of AIs restricted to the supported ones. */
  const restrict = (ais: string[]) => ais.filter((ai) => supported.has(ai));

  it("reads the official syntax dictionary (several hundred AIs)", function () {
    expect(dictionary.size).to.be.greaterThan(400);
    expect(dictionary.get("01")?.title).to.equal("GTIN");
  });

  it("covers every AI the design names", function () {
    expect([...supported]).to.include.members(REQUIRED_AIS);
  });

  it("keeps the dictionary's lexical order", function () {
    const ais = AI_TABLE.map((d) => d.ai);
    expect(ais).to.deep.equal([...ais].sort());
  });

  for (const definition of AI_TABLE) {
    describe(`AI (${definition.ai}) ${definition.field}`, function () {
      const entry = () => {
        const e = dictionary.get(definition.ai);
        if (!e) throw new Error(`AI ${definition.ai} is not in the dictionary`);
        return e;
      };

      it("has the dictionary's title", function () {
        expect(definition.title).to.equal(entry().title);
      });

      it("has the dictionary's character set, lengths and linters", function () {
        const [component, ...more] = entry().components;
        expect(more, "single-component AIs only").to.deep.equal([]);
        expect(definition.charset).to.equal(component.charset);
        expect(definition.minLength).to.equal(component.min);
        expect(definition.maxLength).to.equal(component.max);
        expect([...definition.linters]).to.deep.equal(component.linters);
      });

      it("has the dictionary's predefined-length (*) and data-attribute (?) flags", function () {
        expect(definition.predefinedLength).to.equal(entry().flags.includes("*"));
        expect(definition.dataAttribute).to.equal(entry().flags.includes("?"));
      });

      it("has the dictionary's Digital Link key qualifiers, restricted to supported AIs", function () {
        const dlpkey = entry().attributes.find((a) => a.key === "dlpkey");
        if (!dlpkey) {
          expect(definition.dlQualifiers).to.equal(null);
          return;
        }
        const alternatives = (dlpkey.value ?? "").split("|").map((s) => restrict(s === "" ? [] : s.split(",")));
        const distinct = [...new Map(alternatives.map((a) => [a.join(","), a])).values()];
        const expected = distinct.length > 1 ? distinct.filter((a) => a.length > 0) : distinct;
        expect(definition.dlQualifiers?.map((s) => [...s])).to.deep.equal(expected);
      });

      it("has the dictionary's required associations, restricted to supported AIs", function () {
        const groups = entry()
          .attributes.filter((a) => a.key === "req")
          .map((a) => restrict((a.value ?? "").split(/[,+]/)));
        expect(definition.requires.map((g) => [...g])).to.deep.equal(groups);
      });

      it("excludes no supported AI (the dictionary's ex= lists none that we support)", function () {
        const excluded = entry()
          .attributes.filter((a) => a.key === "ex")
          .flatMap((a) => restrict((a.value ?? "").split(",")));
        expect(excluded).to.deep.equal([]);
      });
    });
  }
});
