// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Governor} from "openzeppelin-contracts-5.3/governance/Governor.sol";
import {GovernorSettings} from "openzeppelin-contracts-5.3/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "openzeppelin-contracts-5.3/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "openzeppelin-contracts-5.3/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "openzeppelin-contracts-5.3/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "openzeppelin-contracts-5.3/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "openzeppelin-contracts-5.3/governance/TimelockController.sol";
import {IVotes} from "openzeppelin-contracts-5.3/governance/utils/IVotes.sol";
import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IConsortiumGovernor} from "./interfaces/IConsortiumGovernor.sol";

/// @title ConsortiumGovernor
/// @notice Proposals, votes and their execution through `ConsortiumTimelock`: one organisation, one vote.
/// @dev OpenZeppelin's Governor reads votes from the directory's checkpoints ({IMembershipVotes}); this contract only
/// adds the per-organisation checks on each vote. The proposal threshold is one vote: any active member may propose.
contract ConsortiumGovernor is
    IConsortiumGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /// @inheritdoc IConsortiumGovernor
    IConsortiumDirectory public immutable directory;

    mapping(uint256 proposalId => mapping(uint64 gln => bool)) private _organisationVoted;

    /// @param directory_ The directory whose active organisations vote.
    /// @param timelock The timelock that executes passed proposals (the admin of every contract).
    /// @param votingDelay_ Blocks between a proposal and the start of its vote (the snapshot).
    /// @param votingPeriod_ Blocks the vote stays open.
    /// @param quorumPercent Percentage of the organisations active at the snapshot that must vote for or abstain.
    constructor(
        IConsortiumDirectory directory_,
        TimelockController timelock,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 quorumPercent
    )
        Governor("ConsortiumGovernor")
        GovernorSettings(votingDelay_, votingPeriod_, 1)
        GovernorVotes(IVotes(address(directory_)))
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
    {
        directory = directory_;
    }

    /// @inheritdoc IConsortiumGovernor
    function hasOrganisationVoted(uint256 proposalId, uint64 gln) external view returns (bool) {
        return _organisationVoted[proposalId][gln];
    }

    /// @dev One vote per active organisation: the account must be bound to an active organisation that has not voted,
    /// and that organisation must have been active at the snapshot.
    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal override returns (uint256 weight) {
        uint64 gln = directory.organisationOf(account);
        if (gln == 0) revert ConsortiumGovernorNotMember(account);
        if (directory.organisation(gln).status != IConsortiumDirectory.OrganisationStatus.Active) {
            revert ConsortiumGovernorOrganisationSuspended(gln);
        }
        if (_organisationVoted[proposalId][gln]) revert ConsortiumGovernorOrganisationAlreadyVoted(proposalId, gln);
        _organisationVoted[proposalId][gln] = true;
        weight = super._castVote(proposalId, account, support, reason, params);
        if (weight == 0) revert ConsortiumGovernorNoVotingPower(account, proposalSnapshot(proposalId));
    }

    /// @dev No organisation has more than one vote, so a higher threshold would stop every proposal.
    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        if (newProposalThreshold > 1) revert ConsortiumGovernorInvalidProposalThreshold(newProposalThreshold);
        super._setProposalThreshold(newProposalThreshold);
    }

    // ===== OVERRIDES REQUIRED BY SOLIDITY (each extension's version) =====

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
