// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IConsortiumDirectory} from "./IConsortiumDirectory.sol";

/// @title IConsortiumGovernor
/// @notice The consortium's decisions: OpenZeppelin's Governor with one vote per active organisation, read from the
/// directory's checkpoints, a quorum as a percentage of the organisations active at the proposal's snapshot, and
/// `ConsortiumTimelock` executing what passed after its delay. Everything else is OpenZeppelin's `IGovernor`.
/// @dev An organisation votes once per proposal, through any of its accounts; it must be active when it votes (a
/// suspension after the snapshot takes its vote away) and have been active at the snapshot.
interface IConsortiumGovernor {
    /// @notice The voting account is not bound to any organisation (unknown, removed or rotated away).
    error ConsortiumGovernorNotMember(address account);
    /// @notice The voting account's organisation is suspended.
    error ConsortiumGovernorOrganisationSuspended(uint64 gln);
    /// @notice Another account of the organisation already voted on the proposal.
    error ConsortiumGovernorOrganisationAlreadyVoted(uint256 proposalId, uint64 gln);
    /// @notice The voting account's organisation was not active at the proposal's snapshot.
    error ConsortiumGovernorNoVotingPower(address account, uint256 snapshot);
    /// @notice The proposal threshold is more than one vote, which no organisation has.
    error ConsortiumGovernorInvalidProposalThreshold(uint256 threshold);

    /// @notice The directory whose organisations vote.
    function directory() external view returns (IConsortiumDirectory);

    /// @notice True when the organisation voted on the proposal, through any of its accounts.
    function hasOrganisationVoted(uint256 proposalId, uint64 gln) external view returns (bool);
}
