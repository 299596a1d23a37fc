// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IDataAnchorRegistry} from "./interfaces/IDataAnchorRegistry.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {ConsortiumGated} from "./base/ConsortiumGated.sol";

/// @title DataAnchorRegistry
/// @notice Anchors off-chain data by Merkle root and verifies single records against it.
contract DataAnchorRegistry is IDataAnchorRegistry, ConsortiumGated {
    /// @notice The registry whose shipments, devices and lots anchors attach to.
    IDeviceRegistry public immutable registry;

    mapping(uint64 anchorId => Anchor) private _anchors;
    uint64 private _anchorCount;

    constructor(IConsortiumDirectory directory_, IDeviceRegistry registry_) ConsortiumGated(directory_) {
        registry = registry_;
    }

    /// @inheritdoc IDataAnchorRegistry
    function anchor(AnchorRequest calldata request) external whenNotPaused returns (uint64 anchorId) {
        (uint64 org, uint8 roles) = _caller();
        if (request.root == bytes32(0) || request.recordCount == 0 || request.windowStart > request.windowEnd) {
            revert DataAnchorRegistryInvalidAnchor(
                request.root,
                request.recordCount,
                request.windowStart,
                request.windowEnd
            );
        }
        bool gateway = roles & (1 << uint8(IConsortiumDirectory.Role.DataGateway)) != 0;
        (uint64 partyA, uint64 partyB) = _partiesOf(request.target, request.targetId);
        if (!gateway && org != partyA && org != partyB) {
            revert DataAnchorRegistryNotParty(request.target, request.targetId, org);
        }
        anchorId = ++_anchorCount;
        _anchors[anchorId] = Anchor({
            root: request.root,
            organisation: org,
            windowStart: request.windowStart,
            windowEnd: request.windowEnd,
            recordCount: request.recordCount,
            target: request.target,
            excursion: request.excursion
        });
        if (request.excursion && request.target == AnchorTarget.Shipment) {
            registry.flagShipmentExcursion(uint32(uint256(request.targetId)));
        }
        _emitAnchored(anchorId, request, org);
    }

    /// @inheritdoc IDataAnchorRegistry
    function anchorOf(uint64 anchorId) external view returns (Anchor memory) {
        return _anchors[anchorId];
    }

    /// @inheritdoc IDataAnchorRegistry
    function verifyRecord(uint64 anchorId, bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _anchors[anchorId].root;
        if (root == bytes32(0)) revert DataAnchorRegistryUnknownAnchor(anchorId);
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @dev The organisations that are party to a target (0 where there is no second party); reverts if it is unknown.
    function _partiesOf(AnchorTarget target, bytes32 targetId) private view returns (uint64, uint64) {
        if (target == AnchorTarget.Shipment && uint256(targetId) <= type(uint32).max) {
            IDeviceRegistry.Shipment memory s = registry.shipment(uint32(uint256(targetId)));
            if (s.status != IDeviceRegistry.ShipmentStatus.None) return (s.sender, s.recipient);
        } else if (target == AnchorTarget.Device) {
            IDeviceRegistry.DeviceState memory d = registry.deviceState(targetId);
            if (d.status != IDeviceRegistry.DeviceStatus.None) return (d.custodian, 0);
        } else if (target == AnchorTarget.Lot && uint256(targetId) <= type(uint32).max) {
            IDeviceRegistry.Lot memory lotRecord = registry.lot(uint32(uint256(targetId)));
            if (lotRecord.gtin != 0) return (lotRecord.manufacturer, 0);
        }
        revert DataAnchorRegistryUnknownTarget(target, targetId);
    }

    function _emitAnchored(uint64 anchorId, AnchorRequest calldata r, uint64 org) private {
        emit DataAnchored(
            anchorId,
            r.target,
            r.targetId,
            r.root,
            r.recordCount,
            r.windowStart,
            r.windowEnd,
            r.uriHash,
            r.excursion,
            org,
            msg.sender
        );
        _chain(
            abi.encodePacked(
                DataAnchored.selector,
                bytes32(uint256(anchorId)),
                bytes32(uint256(r.target)),
                r.targetId,
                abi.encode(r.root, r.recordCount, r.windowStart, r.windowEnd, r.uriHash, r.excursion, org, msg.sender)
            )
        );
    }
}
