// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title IMembershipVotes
/// @notice The read half of IERC5805 over the consortium's membership: one vote per active organisation, checkpointed
/// by block number, which `ConsortiumGovernor` reads through OpenZeppelin's `GovernorVotes`.
/// @dev An account's votes are its organisation's: 1 while the organisation is active, 0 when suspended, unknown or
/// when the account is unbound. Votes cannot be delegated: an organisation votes through any of its own accounts and
/// the governor counts it once. The total supply is the number of active organisations, the base of the quorum.
interface IMembershipVotes {
    /// @notice The timepoint is the current block or later, so it has no checkpoint yet.
    error DirectoryFutureLookup(uint256 timepoint, uint48 clock);

    /// @notice The current block number (ERC-6372).
    function clock() external view returns (uint48);

    /// @notice The clock mode (ERC-6372): block numbers.
    function CLOCK_MODE() external pure returns (string memory);

    /// @notice The current votes of `account`: 1 when it is bound to an active organisation, else 0.
    function getVotes(address account) external view returns (uint256);

    /// @notice The votes of `account`'s current organisation at `timepoint`, a past block.
    /// @dev Reverts with {DirectoryFutureLookup} unless `timepoint` is before the current block.
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256);

    /// @notice The number of active organisations at `timepoint`, a past block.
    /// @dev Reverts with {DirectoryFutureLookup} unless `timepoint` is before the current block.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256);
}
