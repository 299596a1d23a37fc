import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { GLN, PREFIX, Role } from "../fixtures";
import { DEFAULT_ADMIN_ROLE } from "../helpers/directory";
import { DAY } from "../fixtures";
import { FOUNDERS, NEW_GLN, NEW_ROLES, governanceFixture, type Governed } from "./fixture";

type Key = "directory" | "products" | "devices" | "lifecycle" | "recalls" | "anchors" | "timelock" | "governor";

/** An admin function, how to call it, and what every single account gets. */
interface AdminCall {
  on: Key;
  signature: string;
  args: (f: Governed) => unknown[];
  error: string;
  errorArgs: (f: Governed, account: string) => unknown[];
  /** An account the call is open to, which is no admin power (an account rotating its own key). */
  except?: string;
}

const PROPOSER_ROLE = ethers.id("PROPOSER_ROLE");
const CANCELLER_ROLE = ethers.id("CANCELLER_ROLE");
const ANY = ethers.id("any");
/** Calls of `on` that every account gets `error` for, with `errorArgs` of the account. */
const refused =
  (on: Key, error: string, errorArgs: AdminCall["errorArgs"]) =>
  (signature: string, args: AdminCall["args"]): AdminCall => ({ on, signature, args, error, errorArgs });
/** The account without `role` (OpenZeppelin's AccessControl), or the account alone. */
const missing = (role: string) => (_f: Governed, account: string) => [account, role];
const byAccount = (_f: Governed, account: string) => [account];
const directoryAdmin = refused("directory", "AccessControlUnauthorizedAccount", missing(DEFAULT_ADMIN_ROLE));
const timelockRole = (role: string) => refused("timelock", "AccessControlUnauthorizedAccount", missing(role));
const governance = refused("governor", "GovernorOnlyExecutor", byAccount);
const REGISTRIES = ["products", "devices", "lifecycle", "recalls", "anchors"] as const;

const ADMIN_CALLS: AdminCall[] = [
  directoryAdmin("admitOrganisation(uint64,uint8,address)", (f) => [NEW_GLN, NEW_ROLES, f.newcomer.address]),
  directoryAdmin("suspendOrganisation(uint64)", () => [GLN.distributor]),
  directoryAdmin("reactivateOrganisation(uint64)", () => [GLN.distributor]),
  directoryAdmin("grantOrganisationRole(uint64,uint8)", () => [GLN.distributor, Role.Regulator]),
  directoryAdmin("revokeOrganisationRole(uint64,uint8)", () => [GLN.distributor, Role.Distributor]),
  directoryAdmin("addAccount(uint64,address)", (f) => [GLN.distributor, f.newcomer.address]),
  directoryAdmin("removeAccount(address)", (f) => [f.hospitalSecond.address]),
  directoryAdmin("assignCompanyPrefix(uint64,string)", () => [GLN.manufacturer, PREFIX]),
  directoryAdmin("revokeCompanyPrefix(string)", () => [PREFIX]),
  directoryAdmin("setOrganisationValidator(uint64,address)", (f) => [GLN.distributor, f.newcomer.address]),
  directoryAdmin("unpause()", () => []),
  directoryAdmin("beginDefaultAdminTransfer(address)", (f) => [f.newcomer.address]),
  directoryAdmin("cancelDefaultAdminTransfer()", () => []),
  directoryAdmin("changeDefaultAdminDelay(uint48)", () => [DAY]),
  directoryAdmin("rollbackDefaultAdminDelay()", () => []),
  directoryAdmin("grantRole(bytes32,address)", (f) => [ANY, f.newcomer.address]),
  directoryAdmin("revokeRole(bytes32,address)", (f) => [ANY, f.newcomer.address]),
  refused("directory", "AccessControlInvalidDefaultAdmin", byAccount)("acceptDefaultAdminTransfer()", () => []),
  {
    on: "directory",
    signature: "rotateAccount(address,address)",
    args: (f) => [f.regulator.address, f.newcomer.address],
    error: "DirectoryUnauthorisedRotation",
    errorArgs: (f, a) => [a, f.regulator.address],
    except: "regulator",
  },
  ...REGISTRIES.map((on) => refused(on, "ConsortiumGatedUnauthorised", byAccount)("unpause()", () => [])),
  timelockRole(PROPOSER_ROLE)("schedule(address,uint256,bytes,bytes32,bytes32,uint256)", (f) => [
    f.newcomer.address,
    0n,
    "0x",
    ethers.ZeroHash,
    ethers.ZeroHash,
    2n * DAY,
  ]),
  timelockRole(PROPOSER_ROLE)("scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)", (f) => [
    [f.newcomer.address],
    [0n],
    ["0x"],
    ethers.ZeroHash,
    ethers.ZeroHash,
    2n * DAY,
  ]),
  timelockRole(CANCELLER_ROLE)("cancel(bytes32)", () => [ANY]),
  refused("timelock", "TimelockUnauthorizedCaller", byAccount)("updateDelay(uint256)", () => [0n]),
  timelockRole(DEFAULT_ADMIN_ROLE)("grantRole(bytes32,address)", (f) => [PROPOSER_ROLE, f.newcomer.address]),
  timelockRole(DEFAULT_ADMIN_ROLE)("revokeRole(bytes32,address)", (f) => [PROPOSER_ROLE, f.newcomer.address]),
  timelockRole(DEFAULT_ADMIN_ROLE)("completeBootstrap(address,address[])", (f) => [f.newcomer.address, []]),
  governance("relay(address,uint256,bytes)", (f) => [f.newcomer.address, 0n, "0x"]),
  governance("setVotingDelay(uint48)", () => [0n]),
  governance("setVotingPeriod(uint32)", () => [1n]),
  governance("setProposalThreshold(uint256)", () => [0n]),
  governance("updateQuorumNumerator(uint256)", () => [1n]),
  governance("updateTimelock(address)", (f) => [f.newcomer.address]),
];

/** State-changing functions open to anyone (or to members, the proposer, a ready operation): not admin functions. */
const OPEN: Partial<Record<Key, string[]>> = {
  timelock: [
    "execute(address,uint256,bytes,bytes32,bytes32)",
    "executeBatch(address[],uint256[],bytes[],bytes32,bytes32)",
    "renounceRole(bytes32,address)",
    "onERC721Received(address,address,uint256,bytes)",
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
  ],
  governor: [
    "propose(address[],uint256[],bytes[],string)",
    "castVote(uint256,uint8)",
    "castVoteWithReason(uint256,uint8,string)",
    "castVoteWithReasonAndParams(uint256,uint8,string,bytes)",
    "castVoteBySig(uint256,uint8,address,bytes)",
    "castVoteWithReasonAndParamsBySig(uint256,uint8,address,string,bytes,bytes)",
    "queue(address[],uint256[],bytes[],bytes32)",
    "execute(address[],uint256[],bytes[],bytes32)",
    "cancel(address[],uint256[],bytes[],bytes32)",
    "onERC721Received(address,address,uint256,bytes)",
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
  ],
};

/** Every single account there is after the bootstrap: the deployer, each member account, the guardian, an outsider. */
const everyAccount = (f: Governed): [string, HardhatEthersSigner][] => [
  ["deployer", f.admin],
  ...FOUNDERS.map((n): [string, HardhatEthersSigner] => [n, f[n]]),
  ["hospital's second account", f.hospitalSecond],
  ["guardian", f.guardian],
  ["outsider", f.outsider],
];

describe("governance: after the bootstrap no single account holds an admin power", () => {
  it("leaves the timelock the directory's only admin and the deployer no role anywhere", async () => {
    const f = await loadFixture(governanceFixture);
    const timelock = await f.timelock.getAddress();
    expect(await f.directory.defaultAdmin()).to.equal(timelock);
    for (const [name, account] of everyAccount(f)) {
      expect(await f.directory.isAdmin(account), name).to.equal(false);
      for (const role of [DEFAULT_ADMIN_ROLE, PROPOSER_ROLE, CANCELLER_ROLE]) {
        expect(await f.timelock.hasRole(role, account), name).to.equal(false);
      }
    }
    expect(await f.timelock.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
    expect(await f.timelock.hasRole(PROPOSER_ROLE, f.governor)).to.equal(true);
    expect(await f.timelock.hasRole(CANCELLER_ROLE, f.governor)).to.equal(true);
  });

  for (const key of ["timelock", "governor"] as const) {
    it(`lists every state-changing function of the ${key} as an admin function or an open one`, async () => {
      const f = await loadFixture(governanceFixture);
      const fromAbi: string[] = [];
      f[key].interface.forEachFunction((fn) => {
        if (fn.stateMutability !== "view" && fn.stateMutability !== "pure") fromAbi.push(fn.format("sighash"));
      });
      const listed = [...ADMIN_CALLS.filter((c) => c.on === key).map((c) => c.signature), ...(OPEN[key] ?? [])];
      expect([...listed].sort()).to.deep.equal([...fromAbi].sort());
    });
  }

  for (const call of ADMIN_CALLS) {
    it(`refuses ${call.on}.${call.signature} from every account with ${call.error}`, async () => {
      const f = await loadFixture(governanceFixture);
      const target = f[call.on] as unknown as BaseContract;
      for (const [name, account] of everyAccount(f).filter(([n]) => n !== call.except)) {
        const send = (): Promise<ContractTransactionResponse> =>
          target.connect(account).getFunction(call.signature)(...call.args(f));
        await expect(send(), name)
          .to.be.revertedWithCustomError(target, call.error)
          .withArgs(...call.errorArgs(f, account.address));
      }
    });
  }

  it("refuses pause to every account but the guardian", async () => {
    const f = await loadFixture(governanceFixture);
    for (const [name, account] of everyAccount(f).filter(([n]) => n !== "guardian")) {
      await expect(f.directory.connect(account).pause(), name)
        .to.be.revertedWithCustomError(f.directory, "DirectoryUnauthorisedPause")
        .withArgs(account.address);
      for (const key of REGISTRIES) {
        await expect(f[key].connect(account).pause(), `${name} on ${key}`)
          .to.be.revertedWithCustomError(f[key], "ConsortiumGatedUnauthorised")
          .withArgs(account.address);
      }
    }
  });
});
