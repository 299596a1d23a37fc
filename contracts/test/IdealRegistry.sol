// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IdealRegistry
/// @notice Gas anchor (never deployed): the least a device registry can do — one new slot and one event per device
/// on register, one slot update and one event per device on a custody change.
contract IdealRegistry {
    event Registered(bytes32 indexed id, uint64 custodian);
    event Moved(bytes32 indexed id, uint64 custodian);

    mapping(bytes32 id => uint64 custodian) private _custodians;

    function register(bytes32 id, uint64 custodian) external {
        _custodians[id] = custodian;
        emit Registered(id, custodian);
    }

    function registerBatch(bytes32[] calldata ids, uint64 custodian) external {
        for (uint256 i; i < ids.length; ++i) {
            _custodians[ids[i]] = custodian;
            emit Registered(ids[i], custodian);
        }
    }

    function move(bytes32 id, uint64 custodian) external {
        _custodians[id] = custodian;
        emit Moved(id, custodian);
    }

    function moveBatch(bytes32[] calldata ids, uint64 custodian) external {
        for (uint256 i; i < ids.length; ++i) {
            _custodians[ids[i]] = custodian;
            emit Moved(ids[i], custodian);
        }
    }
}
