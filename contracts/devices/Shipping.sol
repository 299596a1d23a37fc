// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {Packing} from "./Packing.sol";

/// @title Shipping
/// @notice Two-phase custody handoffs: ship → receive | reject (recipient) | cancel (sender, before receipt).
/// @dev A shipment is one storage slot: its items point to it, and closing it takes the same lists back in calldata.
abstract contract Shipping is Packing {
    /// @inheritdoc IDeviceRegistry
    function ship(
        uint64 recipient,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers,
        bytes32 documentHash,
        bool titleTransfer
    ) external whenNotPaused returns (uint32 shipmentId) {
        _requireBatch(deviceIds.length + containers.length);
        (uint64 org, ) = _caller();
        _requireRecipient(recipient, org);
        shipmentId = ++_shipmentCount;
        for (uint256 i; i < deviceIds.length; ++i) {
            bytes32 id = deviceIds[i];
            Device memory d = _requireLooseActive(id, org);
            _requireMayGo(id, d, recipient);
            d.status = DeviceStatus.InTransit;
            d.shipment = shipmentId;
            _devices[id] = d;
        }
        for (uint256 i; i < containers.length; ++i) {
            uint64 sscc = containers[i];
            Container storage c = _requireContainer(sscc);
            if (c.custodian != org) revert DeviceRegistryContainerNotCustodian(sscc, org);
            if (c.status != ContainerStatus.Active) revert DeviceRegistryContainerUnavailable(sscc, c.status);
            if (c.deviceCount == 0) revert DeviceRegistryContainerEmpty(sscc);
            _requireContainerMayGo(sscc, c, recipient);
            c.status = ContainerStatus.InTransit;
            c.shipment = shipmentId;
        }
        _shipments[shipmentId] = Shipment({
            sender: org,
            recipient: recipient,
            status: ShipmentStatus.InTransit,
            excursion: false,
            itemCount: uint32(deviceIds.length + containers.length)
        });
        emit ShipmentDispatched(
            shipmentId,
            org,
            recipient,
            deviceIds,
            containers,
            documentHash,
            titleTransfer,
            msg.sender
        );
        _chain(
            abi.encodePacked(
                ShipmentDispatched.selector,
                _word(shipmentId),
                _word(org),
                _word(recipient),
                abi.encode(deviceIds, containers, documentHash, titleTransfer, msg.sender)
            )
        );
    }

    /// @inheritdoc IDeviceRegistry
    function receiveShipment(
        uint32 shipmentId,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers
    ) external whenNotPaused {
        (uint64 org, uint8 roles) = _caller();
        Shipment storage s = _requireOpenShipment(shipmentId, deviceIds, containers);
        if (s.recipient != org) revert DeviceRegistryNotRecipient(shipmentId, org);
        // The recipient may have lost its holding roles since dispatch: then it can only reject.
        if (roles & HOLDING_ROLES == 0) revert DeviceRegistryInvalidRecipient(org);
        bool quarantine = s.excursion;
        s.status = ShipmentStatus.Received;
        _settle(shipmentId, deviceIds, containers, org, quarantine);
        emit ShipmentReceived(shipmentId, org, quarantine, msg.sender);
        _chain(
            abi.encodePacked(
                ShipmentReceived.selector,
                _word(shipmentId),
                _word(org),
                abi.encode(quarantine, msg.sender)
            )
        );
    }

    /// @inheritdoc IDeviceRegistry
    function rejectShipment(
        uint32 shipmentId,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers
    ) external whenNotPaused {
        (uint64 org, ) = _caller();
        Shipment storage s = _requireOpenShipment(shipmentId, deviceIds, containers);
        if (s.recipient != org) revert DeviceRegistryNotRecipient(shipmentId, org);
        s.status = ShipmentStatus.Rejected;
        _settle(shipmentId, deviceIds, containers, 0, false);
        emit ShipmentRejected(shipmentId, org, msg.sender);
        _chain(abi.encodePacked(ShipmentRejected.selector, _word(shipmentId), _word(org), abi.encode(msg.sender)));
    }

    /// @inheritdoc IDeviceRegistry
    function cancelShipment(
        uint32 shipmentId,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers
    ) external whenNotPaused {
        (uint64 org, ) = _caller();
        Shipment storage s = _requireOpenShipment(shipmentId, deviceIds, containers);
        if (s.sender != org) revert DeviceRegistryNotSender(shipmentId, org);
        s.status = ShipmentStatus.Cancelled;
        _settle(shipmentId, deviceIds, containers, 0, false);
        emit ShipmentCancelled(shipmentId, org, msg.sender);
        _chain(abi.encodePacked(ShipmentCancelled.selector, _word(shipmentId), _word(org), abi.encode(msg.sender)));
    }

    /// @dev Closes a shipment's items: each must still be carried by it, which also rules out duplicates (a settled
    /// item no longer points to the shipment); with the count checked first, the lists are exactly what was shipped.
    /// `receiver` 0 leaves custody with the sender (reject, cancel); otherwise held items must be at a return
    /// destination, and `quarantine` quarantines everything received.
    function _settle(
        uint32 shipmentId,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers,
        uint64 receiver,
        bool quarantine
    ) private {
        DeviceStatus deviceStatus = quarantine ? DeviceStatus.Quarantined : DeviceStatus.Active;
        ContainerStatus containerStatus = quarantine ? ContainerStatus.Quarantined : ContainerStatus.Active;
        for (uint256 i; i < deviceIds.length; ++i) {
            bytes32 id = deviceIds[i];
            Device memory d = _devices[id];
            if (d.shipment != shipmentId) revert DeviceRegistryNotInShipment(id, shipmentId);
            if (receiver != 0) {
                _requireMayGo(id, d, receiver);
                d.custodian = receiver;
            }
            d.status = deviceStatus;
            d.shipment = 0;
            _devices[id] = d;
        }
        for (uint256 i; i < containers.length; ++i) {
            uint64 sscc = containers[i];
            Container storage c = _containers[sscc];
            if (c.shipment != shipmentId) revert DeviceRegistryContainerNotInShipment(sscc, shipmentId);
            if (receiver != 0) {
                _requireContainerMayGo(sscc, c, receiver);
                c.custodian = receiver;
            }
            c.status = containerStatus;
            c.shipment = 0;
        }
    }

    function _requireOpenShipment(
        uint32 shipmentId,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers
    ) private view returns (Shipment storage s) {
        s = _shipments[shipmentId];
        if (s.status == ShipmentStatus.None) revert DeviceRegistryUnknownShipment(shipmentId);
        if (s.status != ShipmentStatus.InTransit) revert DeviceRegistryShipmentClosed(shipmentId, s.status);
        if (deviceIds.length + containers.length != s.itemCount) revert DeviceRegistryManifestMismatch(shipmentId);
    }

    function _requireRecipient(uint64 recipient, uint64 sender) private view {
        if (recipient == sender || directory.activeRoles(recipient) & HOLDING_ROLES == 0) {
            revert DeviceRegistryInvalidRecipient(recipient);
        }
    }

    function _requireMayGo(bytes32 id, Device memory d, uint64 destination) private view {
        Lot storage lotRecord = _lots[d.lotKey];
        uint32 recallId = _heldBy(d, lotRecord);
        if (recallId != 0 && !_isReturnDestination(destination, lotRecord))
            revert DeviceRegistryDeviceHeld(id, recallId);
    }

    function _requireContainerMayGo(uint64 sscc, Container storage c, uint64 destination) private view {
        uint32 recallId = _containerHeldBy(c);
        if (recallId != 0 && !_isReturnDestination(destination, _lots[c.lotKey])) {
            revert DeviceRegistryContainerHeld(sscc, recallId);
        }
    }
}
