// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title LedgerHead
/// @notice A rolling hash over every event a contract emits, so an auditor can prove a log replay complete.
/// @dev `head = bytes24(keccak256(head ‖ keccak256(topic0 ‖ topics… ‖ data)))` in emission order, starting from
/// zero. The head is truncated to 192 bits so that it, the event count and `Pausable._paused` share one storage slot:
/// the pause check warms the slot every write then updates (see docs/decisions/0002-ledger-head.md). Every emit in a
/// deriving contract is followed by a {_chain} call over exactly the bytes of that log; tests recompute it from logs.
abstract contract LedgerHead {
    /// @dev Rolling hash of all events chained so far (declared right after `Pausable._paused`, so they pack).
    bytes24 private _head;
    /// @dev Number of events chained so far.
    uint56 private _eventCount;

    /// @notice The rolling hash of every event this contract has emitted, and how many there were.
    function ledgerHead() external view returns (bytes24 head, uint56 eventCount) {
        return (_head, _eventCount);
    }

    /// @dev Chains one log: `log` is topic0, then each indexed topic as a 32-byte word, then the ABI-encoded data.
    function _chain(bytes memory log) internal {
        bytes24 head = bytes24(keccak256(abi.encodePacked(_head, keccak256(log))));
        unchecked {
            (_head, _eventCount) = (head, _eventCount + 1);
        }
    }
}
