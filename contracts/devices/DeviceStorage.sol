// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IConsortiumDirectory} from "../interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {IProductRegistry} from "../interfaces/IProductRegistry.sol";
import {ConsortiumGated} from "../base/ConsortiumGated.sol";

/// @title DeviceStorage
/// @notice State of the device registry and the checks every part of it shares: lookups, recall holds, views.
abstract contract DeviceStorage is IDeviceRegistry, ConsortiumGated {
    /// @notice Largest number of items (devices, serials, containers) one call may carry. Its worst case stays well
    /// below the 16,777,216 gas per-transaction cap (EIP-7825); see the batch-cap tests.
    uint256 public constant MAX_BATCH = 400;

    /// @dev Roles whose organisations may hold devices (bits of IConsortiumDirectory.Role): manufacturer, distributor,
    /// healthcare provider, service provider.
    uint8 internal constant HOLDING_ROLES = uint8(
        (1 << uint8(IConsortiumDirectory.Role.Manufacturer)) |
            (1 << uint8(IConsortiumDirectory.Role.Distributor)) |
            (1 << uint8(IConsortiumDirectory.Role.HealthcareProvider)) |
            (1 << uint8(IConsortiumDirectory.Role.ServiceProvider))
    );

    /// @notice The product registry lots and commissioning check against.
    IProductRegistry public immutable products;

    mapping(uint32 lotKey => Lot) internal _lots;
    mapping(bytes32 lotId => uint32 lotKey) internal _lotKeys;
    uint32 internal _lotCount;

    mapping(bytes32 deviceId => Device) internal _devices;

    mapping(uint64 sscc => Container) internal _containers;
    mapping(uint32 containerKey => uint64 sscc) internal _containerSscc;
    uint32 internal _containerCount;

    mapping(uint32 shipmentId => Shipment) internal _shipments;
    uint32 internal _shipmentCount;

    mapping(uint64 gtin => Hold) internal _holds;

    constructor(IProductRegistry products_) {
        products = products_;
    }

    // ===== VIEWS =====

    /// @inheritdoc IDeviceRegistry
    function deviceState(bytes32 deviceId) external view returns (DeviceState memory s) {
        Device memory d = _devices[deviceId];
        if (d.status == DeviceStatus.None) return s;
        Lot storage lotRecord = _lots[d.lotKey];
        s.custodian = d.custodian;
        s.status = d.status;
        s.gtin = lotRecord.gtin;
        s.lotKey = d.lotKey;
        s.shipment = d.shipment;
        s.heldBy = _heldBy(d, lotRecord);
        s.expired = _isExpired(lotRecord);
        if (d.container != 0) {
            s.container = _containerSscc[d.container];
            Container storage c = _containers[s.container];
            s.custodian = c.custodian;
            s.shipment = c.shipment;
            if (c.status == ContainerStatus.InTransit) s.status = DeviceStatus.InTransit;
            if (c.status == ContainerStatus.Quarantined) s.status = DeviceStatus.Quarantined;
        }
    }

    /// @inheritdoc IDeviceRegistry
    function device(bytes32 deviceId) external view returns (Device memory) {
        return _devices[deviceId];
    }

    /// @inheritdoc IDeviceRegistry
    function lot(uint32 lotKey) external view returns (Lot memory) {
        return _lots[lotKey];
    }

    /// @inheritdoc IDeviceRegistry
    function container(uint64 sscc) external view returns (Container memory) {
        return _containers[sscc];
    }

    /// @inheritdoc IDeviceRegistry
    function shipment(uint32 shipmentId) external view returns (Shipment memory) {
        return _shipments[shipmentId];
    }

    /// @inheritdoc IDeviceRegistry
    function hold(uint64 gtin) external view returns (Hold memory) {
        return _holds[gtin];
    }

    // ===== SHARED CHECKS =====

    function _requireDevice(bytes32 deviceId) internal view returns (Device storage d) {
        d = _devices[deviceId];
        if (d.status == DeviceStatus.None) revert DeviceRegistryUnknownDevice(deviceId);
    }

    function _requireLot(uint32 lotKey) internal view returns (Lot storage lotRecord) {
        lotRecord = _lots[lotKey];
        if (lotRecord.gtin == 0) revert DeviceRegistryUnknownLot(lotKey);
    }

    function _requireContainer(uint64 sscc) internal view returns (Container storage c) {
        c = _containers[sscc];
        if (c.status == ContainerStatus.None) revert DeviceRegistryUnknownContainer(sscc);
    }

    function _requireBatch(uint256 size) internal pure {
        if (size == 0) revert DeviceRegistryEmptyBatch();
        if (size > MAX_BATCH) revert DeviceRegistryBatchTooLarge(size, MAX_BATCH);
    }

    /// @dev The open recall holding a device, or 0: O(1) whatever the size of the recalled lot or product.
    function _heldBy(Device memory d, Lot storage lotRecord) internal view returns (uint32) {
        Hold storage h = _holds[lotRecord.gtin];
        uint32 recallId = h.recallId;
        if (recallId == 0 || d.clearedHold == recallId) return 0;
        if (h.scope == HoldScope.Product || lotRecord.holdMark == recallId || d.holdMark == recallId) return recallId;
        return 0;
    }

    /// @dev The open recall holding any device in a container, or 0 (conservative: ignores per-device clearances).
    function _containerHeldBy(Container storage c) internal view returns (uint32) {
        Lot storage lotRecord = _lots[c.lotKey];
        Hold storage h = _holds[lotRecord.gtin];
        uint32 recallId = h.recallId;
        if (recallId == 0) return 0;
        if (h.scope == HoldScope.Product || lotRecord.holdMark == recallId || c.holdMark == recallId) return recallId;
        return 0;
    }

    /// @dev Where held devices of this lot may go: the manufacturer, or the return organisation of the open recall.
    function _isReturnDestination(uint64 destination, Lot storage lotRecord) internal view returns (bool) {
        return destination == lotRecord.manufacturer || destination == _holds[lotRecord.gtin].returnTo;
    }

    function _isExpired(Lot storage lotRecord) internal view returns (bool) {
        uint40 expiresAt = lotRecord.expiresAt;
        return expiresAt != 0 && block.timestamp > expiresAt;
    }

    function _word(uint256 value) internal pure returns (bytes32) {
        return bytes32(value);
    }
}
