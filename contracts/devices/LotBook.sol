// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IConsortiumDirectory} from "../interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {DeviceStorage} from "./DeviceStorage.sol";
import {GS1} from "../libraries/GS1.sol";
import {Ids} from "../libraries/Ids.sol";

/// @title LotBook
/// @notice Production lots of registered products, each given a compact key devices point to.
abstract contract LotBook is DeviceStorage {
    /// @inheritdoc IDeviceRegistry
    function registerLot(
        uint64 gtin,
        string calldata lotNumber,
        uint40 manufacturedAt,
        uint40 expiresAt
    ) external whenNotPaused returns (uint32 lotKey) {
        uint64 org = _callerWithRole(IConsortiumDirectory.Role.Manufacturer);
        uint64 manufacturer = products.product(gtin).manufacturer;
        if (manufacturer == 0) revert DeviceRegistryUnknownProduct(gtin);
        if (manufacturer != org) revert DeviceRegistryNotManufacturer(gtin, org);
        if (!GS1.isAttribute(lotNumber)) revert DeviceRegistryInvalidLotNumber(lotNumber);
        if (expiresAt != 0 && expiresAt < manufacturedAt) {
            revert DeviceRegistryInvalidLotDates(manufacturedAt, expiresAt);
        }
        bytes32 lotId = Ids.lotId(gtin, lotNumber);
        if (_lotKeys[lotId] != 0) revert DeviceRegistryLotExists(gtin, lotNumber);
        lotKey = ++_lotCount;
        _lotKeys[lotId] = lotKey;
        _lots[lotKey] = Lot(gtin, org, manufacturedAt, expiresAt, 0);
        emit LotRegistered(lotKey, gtin, lotNumber, manufacturedAt, expiresAt, org, msg.sender);
        _chain(
            abi.encodePacked(
                LotRegistered.selector,
                _word(lotKey),
                _word(gtin),
                abi.encode(lotNumber, manufacturedAt, expiresAt, org, msg.sender)
            )
        );
    }

    /// @inheritdoc IDeviceRegistry
    function lotKeyOf(uint64 gtin, string calldata lotNumber) external view returns (uint32) {
        return _lotKeys[Ids.lotId(gtin, lotNumber)];
    }
}
