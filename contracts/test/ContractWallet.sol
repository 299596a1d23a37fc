// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";

/// @title ContractWallet
/// @notice Test-only stand-in for a multisig: forwards calls from its owner, so msg.sender != tx.origin.
contract ContractWallet {
    /// @notice Only the owner may forward calls.
    error ContractWalletUnauthorised(address caller);

    address private immutable _owner;

    constructor() {
        _owner = msg.sender;
    }

    /// @notice Forwards `data` to `target`; a revert bubbles up unchanged (custom errors included).
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != _owner) revert ContractWalletUnauthorised(msg.sender);
        return Address.functionCall(target, data);
    }

    /// @notice Deploys `initCode` with CREATE2 under `salt`, as a multisig deploys through a create-call module, so
    /// the wallet is the new contract's deployer (its constructor's msg.sender).
    function deploy(bytes32 salt, bytes calldata initCode) external returns (address deployed) {
        if (msg.sender != _owner) revert ContractWalletUnauthorised(msg.sender);
        return Create2.deploy(0, salt, initCode);
    }
}
