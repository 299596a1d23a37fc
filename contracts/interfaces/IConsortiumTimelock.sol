// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title IConsortiumTimelock
/// @notice OpenZeppelin's `TimelockController` as the admin of every udi-ledger contract: it runs what the governor
/// passed once the delay has passed; anyone may trigger the execution. Everything else is OpenZeppelin's.
/// @dev Bootstrap (docs/decisions/0007-consortium-governance.md): the deployer deploys it as its temporary admin,
/// starts each contract's admin transfer to it and, once those delays have passed, calls {completeBootstrap}.
interface IConsortiumTimelock {
    /// @notice The governor has no code.
    error ConsortiumTimelockInvalidGovernor(address governor);

    /// @notice The timelock accepted the admin of `contracts`, made `governor` its proposer and canceller, and the
    /// deployer (`actor`) renounced its admin of the timelock.
    event BootstrapCompleted(address indexed governor, address[] contracts, address actor);

    /// @notice Ends the bootstrap in one transaction: accepts the pending default-admin transfer of each contract,
    /// grants the proposer and canceller roles to `governor` and renounces the caller's admin of the timelock.
    /// @dev Requirements: caller holds the timelock's admin role; `governor` has code; each contract has a pending
    /// admin transfer to this timelock whose delay has passed. Emits {BootstrapCompleted}.
    function completeBootstrap(address governor, address[] calldata contracts) external;
}
