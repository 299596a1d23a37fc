// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {DeviceStorage} from "./DeviceStorage.sol";

/// @title ModuleHooks
/// @notice The narrow writes the lifecycle, recall and anchor contracts make to device state. Those contracts do the
/// checks and emit the events; the hooks only apply the change.
abstract contract ModuleHooks is DeviceStorage {
    address private immutable _deployer;
    address private _lifecycle;
    address private _recalls;
    address private _anchors;

    constructor() {
        _deployer = msg.sender;
    }

    modifier onlyModule(address module) {
        if (msg.sender != module) revert DeviceRegistryUnauthorisedModule(msg.sender);
        _;
    }

    /// @inheritdoc IDeviceRegistry
    function wireModules(address lifecycle, address recalls, address anchors) external {
        if (msg.sender != _deployer || _lifecycle != address(0)) revert DeviceRegistryWiringClosed(msg.sender);
        _lifecycle = lifecycle;
        _recalls = recalls;
        _anchors = anchors;
        emit ModulesWired(lifecycle, recalls, anchors, msg.sender);
        _chain(abi.encodePacked(ModulesWired.selector, abi.encode(lifecycle, recalls, anchors, msg.sender)));
    }

    /// @inheritdoc IDeviceRegistry
    function setDeviceStatus(bytes32 deviceId, DeviceStatus status) external whenNotPaused onlyModule(_lifecycle) {
        _requireDevice(deviceId).status = status;
    }

    /// @inheritdoc IDeviceRegistry
    function placeHold(
        uint32 recallId,
        uint64 gtin,
        HoldScope scope,
        uint64 returnTo,
        uint32[] calldata lotKeys,
        bytes32[] calldata deviceIds
    ) external whenNotPaused onlyModule(_recalls) {
        uint32 openRecall = _holds[gtin].recallId;
        if (openRecall != 0) revert DeviceRegistryRecallAlreadyOpen(gtin, openRecall);
        _holds[gtin] = Hold(recallId, scope, returnTo);
        for (uint256 i; i < lotKeys.length; ++i) {
            Lot storage lotRecord = _requireLot(lotKeys[i]);
            if (lotRecord.gtin != gtin) revert DeviceRegistryLotNotOfProduct(lotKeys[i], gtin);
            lotRecord.holdMark = recallId;
        }
        for (uint256 i; i < deviceIds.length; ++i) {
            Device storage d = _requireDevice(deviceIds[i]);
            if (_lots[d.lotKey].gtin != gtin) revert DeviceRegistryDeviceNotOfProduct(deviceIds[i], gtin);
            d.holdMark = recallId;
            if (d.container != 0) _containers[_containerSscc[d.container]].holdMark = recallId;
        }
    }

    /// @inheritdoc IDeviceRegistry
    function releaseHold(uint64 gtin) external whenNotPaused onlyModule(_recalls) {
        delete _holds[gtin];
    }

    /// @inheritdoc IDeviceRegistry
    function clearDeviceHold(bytes32 deviceId, uint32 recallId) external whenNotPaused onlyModule(_recalls) {
        Device storage d = _requireDevice(deviceId);
        if (_heldBy(d, _lots[d.lotKey]) != recallId) revert DeviceRegistryNotHeldBy(deviceId, recallId);
        d.clearedHold = recallId;
    }

    /// @inheritdoc IDeviceRegistry
    function flagShipmentExcursion(uint32 shipmentId) external whenNotPaused onlyModule(_anchors) {
        Shipment storage s = _shipments[shipmentId];
        if (s.status == ShipmentStatus.InTransit) s.excursion = true;
    }
}
