// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TimelockController} from "openzeppelin-contracts-5.3/governance/TimelockController.sol";
import {IAccessControlDefaultAdminRules} from "openzeppelin-contracts-5.3/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IConsortiumTimelock} from "./interfaces/IConsortiumTimelock.sol";

/// @title ConsortiumTimelock
/// @notice The admin of every udi-ledger contract under governance: executes the governor's passed proposals after
/// `minDelay` seconds.
/// @dev Executors are open (anyone may execute a ready operation): only what the governor queued can be ready.
contract ConsortiumTimelock is IConsortiumTimelock, TimelockController {
    /// @param minDelay Seconds between a proposal being queued and its execution.
    /// @param bootstrapAdmin The deployer, admin of the timelock until {completeBootstrap}.
    constructor(
        uint256 minDelay,
        address bootstrapAdmin
    ) TimelockController(minDelay, new address[](0), _openExecutor(), bootstrapAdmin) {}

    /// @inheritdoc IConsortiumTimelock
    function completeBootstrap(address governor, address[] calldata contracts) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (governor.code.length == 0) revert ConsortiumTimelockInvalidGovernor(governor);
        for (uint256 i; i < contracts.length; ++i) {
            IAccessControlDefaultAdminRules(contracts[i]).acceptDefaultAdminTransfer();
        }
        _grantRole(PROPOSER_ROLE, governor);
        _grantRole(CANCELLER_ROLE, governor);
        _revokeRole(DEFAULT_ADMIN_ROLE, msg.sender);
        emit BootstrapCompleted(governor, contracts, msg.sender);
    }

    /// @dev The executor list holding only the zero address, which TimelockController reads as "anyone".
    function _openExecutor() private pure returns (address[] memory executors) {
        executors = new address[](1);
    }
}
