// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IConsortiumDirectory} from "../interfaces/IConsortiumDirectory.sol";
import {LedgerHead} from "./LedgerHead.sol";

/// @title ConsortiumGated
/// @notice Base of every registry: resolves the calling account to its organisation through the directory, lets the
/// consortium admin (or a guardian) pause writes, and keeps the ledger head.
/// @dev Inheritance order puts `Pausable._paused` and `LedgerHead._eventCount` in one storage slot.
abstract contract ConsortiumGated is Pausable, LedgerHead {
    /// @notice The caller is not the consortium admin (nor a guardian, for a pause).
    error ConsortiumGatedUnauthorised(address caller);
    /// @notice The caller's organisation lacks the role the operation needs.
    error ConsortiumGatedMissingRole(uint64 organisation, IConsortiumDirectory.Role role);

    /// @notice The consortium directory every check resolves against.
    IConsortiumDirectory public immutable directory;

    constructor(IConsortiumDirectory directory_) {
        directory = directory_;
    }

    /// @notice Pauses every write of this contract. Requirements: caller is the consortium admin or a guardian.
    function pause() external {
        if (!directory.isPauser(msg.sender)) revert ConsortiumGatedUnauthorised(msg.sender);
        _pause();
        _chain(abi.encodePacked(Paused.selector, abi.encode(msg.sender)));
    }

    /// @notice Resumes writes. Requirements: caller is the consortium admin.
    function unpause() external {
        _requireAdmin();
        _unpause();
        _chain(abi.encodePacked(Unpaused.selector, abi.encode(msg.sender)));
    }

    /// @dev The active organisation of the caller and its role mask; reverts through the directory otherwise.
    function _caller() internal view returns (uint64 org, uint8 roles) {
        return directory.member(msg.sender);
    }

    /// @dev The caller's organisation, which must hold `role`.
    function _callerWithRole(IConsortiumDirectory.Role role) internal view returns (uint64 org) {
        uint8 roles;
        (org, roles) = directory.member(msg.sender);
        _requireRole(org, roles, role);
    }

    function _requireRole(uint64 org, uint8 roles, IConsortiumDirectory.Role role) internal pure {
        if (roles & (1 << uint8(role)) == 0) revert ConsortiumGatedMissingRole(org, role);
    }

    function _requireAdmin() private view {
        if (!directory.isAdmin(msg.sender)) revert ConsortiumGatedUnauthorised(msg.sender);
    }
}
