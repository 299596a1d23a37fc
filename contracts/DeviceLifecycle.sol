// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {IDeviceLifecycle} from "./interfaces/IDeviceLifecycle.sol";
import {ConsortiumGated} from "./base/ConsortiumGated.sol";
import {GS1} from "./libraries/GS1.sol";

/// @title DeviceLifecycle
/// @notice Lifecycle records of devices in use. Status changes are applied through the registry's lifecycle hook.
contract DeviceLifecycle is IDeviceLifecycle, ConsortiumGated {
    uint256 private constant MAX_VERSION_LENGTH = 64;

    /// @notice The registry holding device state.
    IDeviceRegistry public immutable registry;

    mapping(uint64 custodian => mapping(uint64 serviceProvider => bool)) private _servicers;
    mapping(bytes32 deviceId => bytes32 imageHash) private _software;

    constructor(IConsortiumDirectory directory_, IDeviceRegistry registry_) ConsortiumGated(directory_) {
        registry = registry_;
    }

    /// @inheritdoc IDeviceLifecycle
    function install(bytes32 deviceId, uint64 careSite, bytes32 procedureCommitment) external whenNotPaused {
        uint64 org = _callerWithRole(IConsortiumDirectory.Role.HealthcareProvider);
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        _requireStatus(deviceId, s, IDeviceRegistry.DeviceStatus.Active);
        if (!GS1.isGln(careSite)) revert DeviceLifecycleInvalidCareSite(careSite);
        if (procedureCommitment == bytes32(0)) revert DeviceLifecycleZeroHash(deviceId);
        if (s.expired) revert DeviceLifecycleDeviceExpired(deviceId);
        if (s.heldBy != 0) revert DeviceLifecycleDeviceHeld(deviceId, s.heldBy);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Installed);
        emit DeviceInstalled(deviceId, careSite, procedureCommitment, org, msg.sender);
        _chain(
            abi.encodePacked(
                DeviceInstalled.selector,
                deviceId,
                abi.encode(careSite, procedureCommitment, org, msg.sender)
            )
        );
    }

    /// @inheritdoc IDeviceLifecycle
    function explant(bytes32 deviceId, bytes32 procedureCommitment) external whenNotPaused {
        (uint64 org, ) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        _requireStatus(deviceId, s, IDeviceRegistry.DeviceStatus.Installed);
        if (procedureCommitment == bytes32(0)) revert DeviceLifecycleZeroHash(deviceId);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Active);
        emit DeviceExplanted(deviceId, procedureCommitment, org, msg.sender);
        _chain(abi.encodePacked(DeviceExplanted.selector, deviceId, abi.encode(procedureCommitment, org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function recordService(bytes32 deviceId, ServiceOutcome outcome, bytes32 reportHash) external whenNotPaused {
        uint64 org = _requireServicer(deviceId);
        if (outcome == ServiceOutcome.None) revert DeviceLifecycleInvalidOutcome(deviceId);
        if (reportHash == bytes32(0)) revert DeviceLifecycleZeroHash(deviceId);
        emit ServiceRecorded(deviceId, outcome, reportHash, org, msg.sender);
        _chain(abi.encodePacked(ServiceRecorded.selector, deviceId, abi.encode(outcome, reportHash, org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function recordSoftwareUpdate(bytes32 deviceId, string calldata version, bytes32 imageHash) external whenNotPaused {
        uint64 org = _requireServicer(deviceId);
        uint256 length = bytes(version).length;
        if (length == 0 || length > MAX_VERSION_LENGTH) revert DeviceLifecycleInvalidVersion(version);
        if (imageHash == bytes32(0)) revert DeviceLifecycleZeroHash(deviceId);
        _software[deviceId] = imageHash;
        emit SoftwareUpdated(deviceId, version, imageHash, org, msg.sender);
        _chain(abi.encodePacked(SoftwareUpdated.selector, deviceId, abi.encode(version, imageHash, org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function quarantine(bytes32 deviceId, bytes32 reasonHash) external whenNotPaused {
        (uint64 org, ) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        _requireStatus(deviceId, s, IDeviceRegistry.DeviceStatus.Active);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Quarantined);
        emit DeviceQuarantined(deviceId, reasonHash, org, msg.sender);
        _chain(abi.encodePacked(DeviceQuarantined.selector, deviceId, abi.encode(reasonHash, org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function release(bytes32 deviceId) external whenNotPaused {
        (uint64 org, ) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        _requireStatus(deviceId, s, IDeviceRegistry.DeviceStatus.Quarantined);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Active);
        emit DeviceReleased(deviceId, org, msg.sender);
        _chain(abi.encodePacked(DeviceReleased.selector, deviceId, abi.encode(org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function decommission(bytes32 deviceId) external whenNotPaused {
        (uint64 org, ) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        if (
            s.status != IDeviceRegistry.DeviceStatus.Active &&
            s.status != IDeviceRegistry.DeviceStatus.Installed &&
            s.status != IDeviceRegistry.DeviceStatus.Quarantined
        ) revert DeviceLifecycleInvalidStatus(deviceId, s.status);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Decommissioned);
        emit DeviceDecommissioned(deviceId, org, msg.sender);
        _chain(abi.encodePacked(DeviceDecommissioned.selector, deviceId, abi.encode(org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function destroy(bytes32 deviceId) external whenNotPaused {
        (uint64 org, ) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireCustodian(deviceId, org);
        if (
            s.status != IDeviceRegistry.DeviceStatus.Active &&
            s.status != IDeviceRegistry.DeviceStatus.Quarantined &&
            s.status != IDeviceRegistry.DeviceStatus.Decommissioned
        ) revert DeviceLifecycleInvalidStatus(deviceId, s.status);
        registry.setDeviceStatus(deviceId, IDeviceRegistry.DeviceStatus.Destroyed);
        emit DeviceDestroyed(deviceId, org, msg.sender);
        _chain(abi.encodePacked(DeviceDestroyed.selector, deviceId, abi.encode(org, msg.sender)));
    }

    /// @inheritdoc IDeviceLifecycle
    function authoriseServiceProvider(uint64 serviceProvider, bool authorised) external whenNotPaused {
        (uint64 org, ) = _caller();
        if (authorised && !directory.hasOrganisationRole(serviceProvider, IConsortiumDirectory.Role.ServiceProvider)) {
            revert DeviceLifecycleInvalidServiceProvider(serviceProvider);
        }
        if (_servicers[org][serviceProvider] == authorised) {
            revert DeviceLifecycleAuthorisationUnchanged(org, serviceProvider, authorised);
        }
        _servicers[org][serviceProvider] = authorised;
        emit ServiceProviderAuthorised(org, serviceProvider, authorised, msg.sender);
        _chain(
            abi.encodePacked(
                ServiceProviderAuthorised.selector,
                bytes32(uint256(org)),
                bytes32(uint256(serviceProvider)),
                abi.encode(authorised, msg.sender)
            )
        );
    }

    /// @inheritdoc IDeviceLifecycle
    function isAuthorisedServicer(uint64 custodian, uint64 serviceProvider) external view returns (bool) {
        return _servicers[custodian][serviceProvider];
    }

    /// @inheritdoc IDeviceLifecycle
    function softwareOf(bytes32 deviceId) external view returns (bytes32) {
        return _software[deviceId];
    }

    /// @dev The device's resolved state; it must exist, be loose and be held by `org`.
    function _requireCustodian(
        bytes32 deviceId,
        uint64 org
    ) private view returns (IDeviceRegistry.DeviceState memory s) {
        s = _requireLoose(deviceId);
        if (s.custodian != org) revert DeviceLifecycleNotCustodian(deviceId, org);
    }

    function _requireLoose(bytes32 deviceId) private view returns (IDeviceRegistry.DeviceState memory s) {
        s = registry.deviceState(deviceId);
        if (s.status == IDeviceRegistry.DeviceStatus.None) revert DeviceLifecycleUnknownDevice(deviceId);
        if (s.container != 0) revert DeviceLifecycleDevicePacked(deviceId, s.container);
    }

    /// @dev The caller's organisation, which must be the custodian or a service provider it authorised, and the
    /// device must be Active, Installed or Quarantined.
    function _requireServicer(bytes32 deviceId) private view returns (uint64 org) {
        uint8 roles;
        (org, roles) = _caller();
        IDeviceRegistry.DeviceState memory s = _requireLoose(deviceId);
        if (s.custodian != org) {
            _requireRole(org, roles, IConsortiumDirectory.Role.ServiceProvider);
            if (!_servicers[s.custodian][org]) revert DeviceLifecycleNotAuthorisedServicer(deviceId, org);
        }
        if (
            s.status != IDeviceRegistry.DeviceStatus.Active &&
            s.status != IDeviceRegistry.DeviceStatus.Installed &&
            s.status != IDeviceRegistry.DeviceStatus.Quarantined
        ) revert DeviceLifecycleInvalidStatus(deviceId, s.status);
    }

    function _requireStatus(
        bytes32 deviceId,
        IDeviceRegistry.DeviceState memory s,
        IDeviceRegistry.DeviceStatus expected
    ) private pure {
        if (s.status != expected) revert DeviceLifecycleInvalidStatus(deviceId, s.status);
    }
}
