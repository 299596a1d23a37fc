// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {DeviceStorage} from "./DeviceStorage.sol";
import {GS1} from "../libraries/GS1.sol";

/// @title Packing
/// @notice Containers (SSCC-18): packed devices move with their container, so moving a container is O(1).
/// @dev Packing or unpacking writes each device once; a container holds devices of one lot so that recall holds on
/// it are checked in O(1).
abstract contract Packing is DeviceStorage {
    /// @inheritdoc IDeviceRegistry
    function pack(uint64 sscc, bytes32[] calldata deviceIds) external whenNotPaused {
        _requireBatch(deviceIds.length);
        (uint64 org, ) = _caller();
        Container storage c = _openContainer(sscc, org);
        if (c.custodian != org) revert DeviceRegistryContainerNotCustodian(sscc, org);
        if (c.status != ContainerStatus.Active) revert DeviceRegistryContainerUnavailable(sscc, c.status);
        uint32 containerKey = c.key;
        uint32 lotKey = c.lotKey;
        uint32 holdMark = c.holdMark;
        for (uint256 i; i < deviceIds.length; ++i) {
            bytes32 id = deviceIds[i];
            Device memory d = _requireLooseActive(id, org);
            if (lotKey == 0) lotKey = d.lotKey;
            if (d.lotKey != lotKey) revert DeviceRegistryContainerLotMismatch(sscc, lotKey, d.lotKey);
            if (d.holdMark != 0 && d.holdMark == _holds[_lots[lotKey].gtin].recallId) holdMark = d.holdMark;
            _devices[id].container = containerKey;
        }
        c.lotKey = lotKey;
        c.holdMark = holdMark;
        c.deviceCount += uint32(deviceIds.length);
        emit DevicesPacked(sscc, deviceIds, lotKey, org, msg.sender);
        _chain(abi.encodePacked(DevicesPacked.selector, _word(sscc), abi.encode(deviceIds, lotKey, org, msg.sender)));
    }

    /// @inheritdoc IDeviceRegistry
    function unpack(uint64 sscc, bytes32[] calldata deviceIds) external whenNotPaused {
        _requireBatch(deviceIds.length);
        (uint64 org, ) = _caller();
        Container storage c = _requireContainer(sscc);
        if (c.custodian != org) revert DeviceRegistryContainerNotCustodian(sscc, org);
        ContainerStatus status = c.status;
        if (status == ContainerStatus.InTransit) revert DeviceRegistryContainerUnavailable(sscc, status);
        DeviceStatus leaveAs = status == ContainerStatus.Quarantined ? DeviceStatus.Quarantined : DeviceStatus.Active;
        uint32 containerKey = c.key;
        for (uint256 i; i < deviceIds.length; ++i) {
            bytes32 id = deviceIds[i];
            Device storage d = _requireDevice(id);
            if (d.container != containerKey) revert DeviceRegistryNotInContainer(id, sscc);
            d.container = 0;
            d.custodian = org;
            d.status = leaveAs;
        }
        uint32 remaining = c.deviceCount - uint32(deviceIds.length);
        c.deviceCount = remaining;
        if (remaining == 0) {
            c.lotKey = 0;
            c.holdMark = 0;
        }
        emit DevicesUnpacked(sscc, deviceIds, org, msg.sender);
        _chain(abi.encodePacked(DevicesUnpacked.selector, _word(sscc), abi.encode(deviceIds, org, msg.sender)));
    }

    /// @inheritdoc IDeviceRegistry
    function releaseContainer(uint64 sscc) external whenNotPaused {
        (uint64 org, ) = _caller();
        Container storage c = _requireContainer(sscc);
        if (c.custodian != org) revert DeviceRegistryContainerNotCustodian(sscc, org);
        if (c.status != ContainerStatus.Quarantined) revert DeviceRegistryContainerUnavailable(sscc, c.status);
        c.status = ContainerStatus.Active;
        emit ContainerReleased(sscc, org, msg.sender);
        _chain(abi.encodePacked(ContainerReleased.selector, _word(sscc), abi.encode(org, msg.sender)));
    }

    /// @dev The container with this SSCC, created on first use in `org`'s custody.
    function _openContainer(uint64 sscc, uint64 org) private returns (Container storage c) {
        c = _containers[sscc];
        if (c.status != ContainerStatus.None) return c;
        if (!GS1.isSscc(sscc)) revert DeviceRegistryInvalidSscc(sscc);
        uint32 containerKey = ++_containerCount;
        _containerSscc[containerKey] = sscc;
        c.custodian = org;
        c.status = ContainerStatus.Active;
        c.key = containerKey;
    }

    /// @dev A loose, Active device held by `org`, read in one slot.
    function _requireLooseActive(bytes32 id, uint64 org) internal view returns (Device memory d) {
        d = _devices[id];
        if (d.status == DeviceStatus.None) revert DeviceRegistryUnknownDevice(id);
        if (d.container != 0) revert DeviceRegistryDevicePacked(id, _containerSscc[d.container]);
        if (d.custodian != org) revert DeviceRegistryNotCustodian(id, org);
        if (d.status != DeviceStatus.Active) revert DeviceRegistryDeviceUnavailable(id, d.status);
    }
}
