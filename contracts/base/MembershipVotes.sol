// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IMembershipVotes} from "../interfaces/IMembershipVotes.sol";

/// @title MembershipVotes
/// @notice Checkpoints of which organisations are active, read by the governor as one vote per organisation.
/// @dev Only the directory's status changes write here (admission, suspension, reactivation), so every registry write
/// that checks membership stays one storage read.
abstract contract MembershipVotes is IMembershipVotes {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev Per organisation: 1 from the block it became active, 0 from the block it was suspended.
    mapping(uint64 gln => Checkpoints.Trace208) private _activeHistory;
    /// @dev The number of active organisations, per block.
    Checkpoints.Trace208 private _activeCount;

    /// @inheritdoc IMembershipVotes
    function clock() public view returns (uint48) {
        return uint48(block.number);
    }

    /// @inheritdoc IMembershipVotes
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=blocknumber&from=default";
    }

    /// @inheritdoc IMembershipVotes
    function getVotes(address account) external view returns (uint256) {
        return _activeHistory[_organisationOfAccount(account)].latest();
    }

    /// @inheritdoc IMembershipVotes
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _activeHistory[_organisationOfAccount(account)].upperLookupRecent(_past(timepoint));
    }

    /// @inheritdoc IMembershipVotes
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return _activeCount.upperLookupRecent(_past(timepoint));
    }

    /// @dev Records that `gln` became active or was suspended in this block.
    function _recordActive(uint64 gln, bool active) internal {
        uint48 now_ = clock();
        _activeHistory[gln].push(now_, active ? 1 : 0);
        uint208 count = _activeCount.latest();
        _activeCount.push(now_, active ? count + 1 : count - 1);
    }

    /// @dev The organisation an account is bound to now, or 0 (which never has a checkpoint).
    function _organisationOfAccount(address account) internal view virtual returns (uint64);

    function _past(uint256 timepoint) private view returns (uint48) {
        uint48 now_ = clock();
        if (timepoint >= now_) revert DirectoryFutureLookup(timepoint, now_);
        return uint48(timepoint);
    }
}
