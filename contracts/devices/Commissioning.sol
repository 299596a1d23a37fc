// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IConsortiumDirectory} from "../interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {DeviceStorage} from "./DeviceStorage.sol";
import {GS1} from "../libraries/GS1.sol";
import {Ids} from "../libraries/Ids.sol";

/// @title Commissioning
/// @notice Brings serialised devices into existence, once per GTIN + serial, in their manufacturer's custody.
abstract contract Commissioning is DeviceStorage {
    /// @inheritdoc IDeviceRegistry
    function commission(uint32 lotKey, string calldata serial) external whenNotPaused returns (bytes32 deviceId) {
        (uint64 org, uint64 gtin) = _requireCommissioner(lotKey);
        deviceId = _create(org, gtin, lotKey, serial);
        emit DeviceCommissioned(deviceId, gtin, serial, lotKey, org, msg.sender);
        _chain(
            abi.encodePacked(DeviceCommissioned.selector, deviceId, abi.encode(gtin, serial, lotKey, org, msg.sender))
        );
    }

    /// @inheritdoc IDeviceRegistry
    function commissionBatch(uint32 lotKey, string[] calldata serials) external whenNotPaused {
        _requireBatch(serials.length);
        (uint64 org, uint64 gtin) = _requireCommissioner(lotKey);
        for (uint256 i; i < serials.length; ++i) {
            _create(org, gtin, lotKey, serials[i]);
        }
        emit DevicesCommissioned(lotKey, gtin, serials, org, msg.sender);
        _chain(
            abi.encodePacked(DevicesCommissioned.selector, _word(lotKey), abi.encode(gtin, serials, org, msg.sender))
        );
    }

    function _requireCommissioner(uint32 lotKey) private view returns (uint64 org, uint64 gtin) {
        org = _callerWithRole(IConsortiumDirectory.Role.Manufacturer);
        Lot storage lotRecord = _requireLot(lotKey);
        gtin = lotRecord.gtin;
        if (lotRecord.manufacturer != org) revert DeviceRegistryNotManufacturer(gtin, org);
    }

    /// @dev Writes one new device (one storage slot) in `org`'s custody.
    function _create(
        uint64 org,
        uint64 gtin,
        uint32 lotKey,
        string calldata serial
    ) private returns (bytes32 deviceId) {
        if (!GS1.isAttribute(serial)) revert DeviceRegistryInvalidSerial(serial);
        deviceId = Ids.deviceId(gtin, serial);
        if (_devices[deviceId].status != DeviceStatus.None) revert DeviceRegistryDeviceExists(deviceId);
        _devices[deviceId] = Device(org, DeviceStatus.Active, lotKey, 0, 0, 0, 0);
    }
}
