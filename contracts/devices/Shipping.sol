// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IConsortiumDirectory} from "../interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {Packing} from "./Packing.sol";

/// @title Shipping
/// @notice Two-phase custody handoffs: ship → receive | reject (recipient) | cancel (sender, before receipt).
/// @dev The shipment stores only a hash of what it carries; closing it takes the same lists back in calldata.
abstract contract Shipping is Packing {
    /// @dev Roles whose organisations may hold devices (bits of IConsortiumDirectory.Role).
    uint8 private constant HOLDING_ROLES = uint8(
        (1 << uint8(IConsortiumDirectory.Role.Manufacturer)) |
            (1 << uint8(IConsortiumDirectory.Role.Distributor)) |
            (1 << uint8(IConsortiumDirectory.Role.HealthcareProvider)) |
            (1 << uint8(IConsortiumDirectory.Role.ServiceProvider))
    );

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
            manifestHash: keccak256(abi.encode(deviceIds, containers))
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
        (uint64 org, ) = _caller();
        Shipment storage s = _requireOpenShipment(shipmentId, deviceIds, containers);
        if (s.recipient != org) revert DeviceRegistryNotRecipient(shipmentId, org);
        bool quarantine = s.excursion;
        s.status = ShipmentStatus.Received;
        DeviceStatus deviceStatus = quarantine ? DeviceStatus.Quarantined : DeviceStatus.Active;
        ContainerStatus containerStatus = quarantine ? ContainerStatus.Quarantined : ContainerStatus.Active;
        for (uint256 i; i < deviceIds.length; ++i) {
            bytes32 id = deviceIds[i];
            Device memory d = _devices[id];
            _requireMayGo(id, d, org);
            d.custodian = org;
            d.status = deviceStatus;
            d.shipment = 0;
            _devices[id] = d;
        }
        for (uint256 i; i < containers.length; ++i) {
            Container storage c = _containers[containers[i]];
            _requireContainerMayGo(containers[i], c, org);
            c.custodian = org;
            c.status = containerStatus;
            c.shipment = 0;
        }
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
        _returnToSender(deviceIds, containers);
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
        _returnToSender(deviceIds, containers);
        emit ShipmentCancelled(shipmentId, org, msg.sender);
        _chain(abi.encodePacked(ShipmentCancelled.selector, _word(shipmentId), _word(org), abi.encode(msg.sender)));
    }

    /// @dev Custody never left the sender: items become Active again where they were.
    function _returnToSender(bytes32[] calldata deviceIds, uint64[] calldata containers) private {
        for (uint256 i; i < deviceIds.length; ++i) {
            Device storage d = _devices[deviceIds[i]];
            d.status = DeviceStatus.Active;
            d.shipment = 0;
        }
        for (uint256 i; i < containers.length; ++i) {
            Container storage c = _containers[containers[i]];
            c.status = ContainerStatus.Active;
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
        if (s.manifestHash != keccak256(abi.encode(deviceIds, containers))) {
            revert DeviceRegistryManifestMismatch(shipmentId);
        }
    }

    function _requireRecipient(uint64 recipient, uint64 sender) private view {
        if (recipient == sender) revert DeviceRegistryInvalidRecipient(recipient);
        IConsortiumDirectory.Organisation memory recipientOrg = directory.organisation(recipient);
        if (
            recipientOrg.status != IConsortiumDirectory.OrganisationStatus.Active ||
            recipientOrg.roles & HOLDING_ROLES == 0
        ) {
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
