// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

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
}
