// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {IProductRegistry} from "./interfaces/IProductRegistry.sol";
import {IRecallRegistry} from "./interfaces/IRecallRegistry.sol";
import {ConsortiumGated} from "./base/ConsortiumGated.sol";

/// @title RecallRegistry
/// @notice Recalls; the holds they place are enforced by the device registry in O(1) per device.
contract RecallRegistry is IRecallRegistry, ConsortiumGated {
    /// @notice The product registry recalls are checked against.
    IProductRegistry public immutable products;
    /// @notice The registry that enforces holds.
    IDeviceRegistry public immutable registry;

    mapping(uint32 recallId => Recall) private _recalls;
    uint32 private _recallCount;
    mapping(uint32 recallId => mapping(uint64 organisation => bool)) private _acknowledged;
    mapping(uint32 recallId => mapping(bytes32 deviceId => Disposition)) private _dispositions;

    constructor(
        IConsortiumDirectory directory_,
        IProductRegistry products_,
        IDeviceRegistry registry_
    ) ConsortiumGated(directory_) {
        products = products_;
        registry = registry_;
    }

    /// @inheritdoc IRecallRegistry
    function issueRecall(RecallNotice calldata notice) external whenNotPaused returns (uint32 recallId) {
        (uint64 org, uint8 roles) = _caller();
        uint64 manufacturer = products.product(notice.gtin).manufacturer;
        if (manufacturer == 0) revert RecallRegistryUnknownProduct(notice.gtin);
        bool isRegulator = roles & (1 << uint8(IConsortiumDirectory.Role.Regulator)) != 0;
        if (org != manufacturer && !isRegulator) revert RecallRegistryNotIssuer(notice.gtin, org);
        _requireValidNotice(notice);
        uint64 returnTo = notice.returnTo == 0 ? manufacturer : notice.returnTo;
        if (!_mayHoldDevices(returnTo)) revert RecallRegistryInvalidReturnTo(returnTo);

        recallId = ++_recallCount;
        _recalls[recallId] = Recall({
            gtin: notice.gtin,
            issuer: org,
            returnTo: returnTo,
            status: RecallStatus.Open,
            recallClass: notice.recallClass,
            action: notice.action,
            scope: notice.scope
        });
        registry.placeHold(recallId, notice.gtin, notice.scope, returnTo, notice.lotKeys, notice.deviceIds);
        _emitIssued(recallId, notice, org, returnTo);
    }

    /// @inheritdoc IRecallRegistry
    function acknowledgeRecall(uint32 recallId) external whenNotPaused {
        (uint64 org, ) = _caller();
        _requireOpen(recallId);
        if (_acknowledged[recallId][org]) revert RecallRegistryAlreadyAcknowledged(recallId, org);
        _acknowledged[recallId][org] = true;
        emit RecallAcknowledged(recallId, org, msg.sender);
        _chain(abi.encodePacked(RecallAcknowledged.selector, _word(recallId), _word(org), abi.encode(msg.sender)));
    }

    /// @inheritdoc IRecallRegistry
    function recordDisposition(uint32 recallId, bytes32 deviceId, Disposition disposition) external whenNotPaused {
        (uint64 org, ) = _caller();
        Recall storage r = _requireOpen(recallId);
        if (disposition == Disposition.None) revert RecallRegistryInvalidDisposition(deviceId);
        IDeviceRegistry.DeviceState memory s = registry.deviceState(deviceId);
        if (s.heldBy != recallId) revert RecallRegistryNotAffected(recallId, deviceId);
        if (!_mayDispose(r, s, org, disposition)) revert RecallRegistryDispositionNotAllowed(recallId, deviceId, org);
        _dispositions[recallId][deviceId] = disposition;
        registry.clearDeviceHold(deviceId, recallId);
        emit RecallDispositionRecorded(recallId, deviceId, disposition, org, msg.sender);
        _chain(
            abi.encodePacked(
                RecallDispositionRecorded.selector,
                _word(recallId),
                deviceId,
                abi.encode(disposition, org, msg.sender)
            )
        );
    }

    /// @inheritdoc IRecallRegistry
    function terminateRecall(uint32 recallId) external whenNotPaused {
        (uint64 org, ) = _caller();
        Recall storage r = _requireOpen(recallId);
        if (r.issuer != org) revert RecallRegistryNotRecallIssuer(recallId, org);
        r.status = RecallStatus.Terminated;
        registry.releaseHold(r.gtin);
        emit RecallTerminated(recallId, org, msg.sender);
        _chain(abi.encodePacked(RecallTerminated.selector, _word(recallId), _word(org), abi.encode(msg.sender)));
    }

    /// @inheritdoc IRecallRegistry
    function recall(uint32 recallId) external view returns (Recall memory) {
        return _recalls[recallId];
    }

    /// @inheritdoc IRecallRegistry
    function hasAcknowledged(uint32 recallId, uint64 organisation) external view returns (bool) {
        return _acknowledged[recallId][organisation];
    }

    /// @inheritdoc IRecallRegistry
    function dispositionOf(uint32 recallId, bytes32 deviceId) external view returns (Disposition) {
        return _dispositions[recallId][deviceId];
    }

    function _requireValidNotice(RecallNotice calldata notice) private view {
        if (
            notice.recallClass == RecallClass.None ||
            notice.action == RecallAction.None ||
            notice.scope == IDeviceRegistry.HoldScope.None
        ) revert RecallRegistryInvalidNotice();
        uint256 lots = notice.lotKeys.length;
        uint256 devices = notice.deviceIds.length;
        bool matches =
            notice.scope == IDeviceRegistry.HoldScope.Product
                ? lots == 0 && devices == 0
                : notice.scope == IDeviceRegistry.HoldScope.Lots
                    ? lots != 0 && devices == 0
                    : lots == 0 && devices != 0;
        if (!matches) revert RecallRegistryScopeMismatch(notice.scope, lots, devices);
        uint256 max = registry.MAX_BATCH();
        if (lots + devices > max) revert RecallRegistryTooManyItems(lots + devices, max);
    }

    /// @dev Return destinations: an active manufacturer, distributor or service provider (not a care site).
    function _mayHoldDevices(uint64 gln) private view returns (bool) {
        uint8 returnRoles = uint8(
            (1 << uint8(IConsortiumDirectory.Role.Manufacturer)) |
                (1 << uint8(IConsortiumDirectory.Role.Distributor)) |
                (1 << uint8(IConsortiumDirectory.Role.ServiceProvider))
        );
        return directory.activeRoles(gln) & returnRoles != 0;
    }

    function _mayDispose(
        Recall storage r,
        IDeviceRegistry.DeviceState memory s,
        uint64 org,
        Disposition disposition
    ) private view returns (bool) {
        bool custodian = s.custodian == org && s.status != IDeviceRegistry.DeviceStatus.InTransit;
        if (disposition == Disposition.Returned) {
            return custodian && (org == r.returnTo || org == products.product(r.gtin).manufacturer);
        }
        // Destroyed only for a destroyed device; Corrected only for one that still exists.
        bool destroyed = s.status == IDeviceRegistry.DeviceStatus.Destroyed;
        if ((disposition == Disposition.Destroyed) != destroyed) return false;
        return custodian || org == r.issuer;
    }

    function _requireOpen(uint32 recallId) private view returns (Recall storage r) {
        r = _recalls[recallId];
        if (r.status == RecallStatus.None) revert RecallRegistryUnknownRecall(recallId);
        if (r.status != RecallStatus.Open) revert RecallRegistryRecallClosed(recallId);
    }

    function _emitIssued(uint32 recallId, RecallNotice calldata n, uint64 org, uint64 returnTo) private {
        emit RecallIssued(
            recallId,
            n.gtin,
            org,
            n.recallClass,
            n.action,
            n.scope,
            returnTo,
            n.noticeHash,
            n.lotKeys,
            n.deviceIds,
            msg.sender
        );
        _chain(
            abi.encodePacked(
                RecallIssued.selector,
                _word(recallId),
                _word(n.gtin),
                _word(org),
                abi.encode(n.recallClass, n.action, n.scope, returnTo, n.noticeHash, n.lotKeys, n.deviceIds, msg.sender)
            )
        );
    }

    function _word(uint256 value) private pure returns (bytes32) {
        return bytes32(value);
    }
}
