// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IDeviceRegistry} from "./IDeviceRegistry.sol";

/// @title IDeviceLifecycle
/// @notice What happens to a device in use: installation at a care site, explant, service, software updates,
/// quarantine and release, decommissioning and destruction. No personal data: procedures are salted commitments.
interface IDeviceLifecycle {
    /// @notice Result of a service visit.
    enum ServiceOutcome {
        None,
        Conformant,
        NonConformant,
        NeedsReplacement
    }

    /// @notice No device has this id.
    error DeviceLifecycleUnknownDevice(bytes32 deviceId);
    /// @notice The caller's organisation is not the device's custodian.
    error DeviceLifecycleNotCustodian(bytes32 deviceId, uint64 organisation);
    /// @notice The device is packed in a container; unpack it first.
    error DeviceLifecycleDevicePacked(bytes32 deviceId, uint64 sscc);
    /// @notice The device's status does not allow the operation.
    error DeviceLifecycleInvalidStatus(bytes32 deviceId, IDeviceRegistry.DeviceStatus status);
    /// @notice The device's lot has expired; it cannot be installed.
    error DeviceLifecycleDeviceExpired(bytes32 deviceId);
    /// @notice An open recall holds the device; it cannot be installed.
    error DeviceLifecycleDeviceHeld(bytes32 deviceId, uint32 recallId);
    /// @notice The care-site GLN is zero or fails its check digit.
    error DeviceLifecycleInvalidCareSite(uint64 careSite);
    /// @notice A commitment, report or image hash must not be zero.
    error DeviceLifecycleZeroHash(bytes32 deviceId);
    /// @notice The caller is neither the custodian nor a service provider the custodian authorised.
    error DeviceLifecycleNotAuthorisedServicer(bytes32 deviceId, uint64 organisation);
    /// @notice The service outcome must be one of the defined outcomes.
    error DeviceLifecycleInvalidOutcome(bytes32 deviceId);
    /// @notice The software version must be 1 to 64 bytes.
    error DeviceLifecycleInvalidVersion(string version);
    /// @notice The organisation is not an active service provider.
    error DeviceLifecycleInvalidServiceProvider(uint64 serviceProvider);
    /// @notice The authorisation already has this value.
    error DeviceLifecycleAuthorisationUnchanged(uint64 custodian, uint64 serviceProvider, bool authorised);

    /// @notice A healthcare provider installed (implanted or put into service) a device at a care site.
    event DeviceInstalled(
        bytes32 indexed deviceId,
        uint64 careSite,
        bytes32 procedureCommitment,
        uint64 organisation,
        address actor
    );
    /// @notice A device was removed from its installation (explanted) and is back in stock.
    event DeviceExplanted(bytes32 indexed deviceId, bytes32 procedureCommitment, uint64 organisation, address actor);
    /// @notice A service visit was recorded.
    event ServiceRecorded(
        bytes32 indexed deviceId,
        ServiceOutcome outcome,
        bytes32 reportHash,
        uint64 organisation,
        address actor
    );
    /// @notice A device's software was updated.
    event SoftwareUpdated(
        bytes32 indexed deviceId,
        string version,
        bytes32 imageHash,
        uint64 organisation,
        address actor
    );
    /// @notice The custodian quarantined a device.
    event DeviceQuarantined(bytes32 indexed deviceId, bytes32 reasonHash, uint64 organisation, address actor);
    /// @notice The custodian released a quarantined device.
    event DeviceReleased(bytes32 indexed deviceId, uint64 organisation, address actor);
    /// @notice The custodian took a device out of service for good.
    event DeviceDecommissioned(bytes32 indexed deviceId, uint64 organisation, address actor);
    /// @notice The custodian destroyed a device (terminal).
    event DeviceDestroyed(bytes32 indexed deviceId, uint64 organisation, address actor);
    /// @notice A custodian authorised (or stopped authorising) a service provider to service its devices.
    event ServiceProviderAuthorised(
        uint64 indexed custodian,
        uint64 indexed serviceProvider,
        bool authorised,
        address actor
    );

    /// @notice Installs a loose Active device at a care site. Requirements: caller's organisation is the custodian with
    /// the HealthcareProvider role; care site a valid GLN; non-zero commitment; not expired; not held by a recall.
    /// Emits a {DeviceInstalled} event.
    function install(bytes32 deviceId, uint64 careSite, bytes32 procedureCommitment) external;

    /// @notice Explants an installed device back into the custodian's stock. Requirements: custodian; Installed.
    /// Emits a {DeviceExplanted} event.
    function explant(bytes32 deviceId, bytes32 procedureCommitment) external;

    /// @notice Records a service visit. Requirements: custodian or authorised service provider; device loose and
    /// Active, Installed or Quarantined; defined outcome; non-zero report hash. Emits a {ServiceRecorded} event.
    function recordService(bytes32 deviceId, ServiceOutcome outcome, bytes32 reportHash) external;

    /// @notice Records a software update. Same requirements as {recordService}; version 1–64 bytes; non-zero image
    /// hash. Emits a {SoftwareUpdated} event.
    function recordSoftwareUpdate(bytes32 deviceId, string calldata version, bytes32 imageHash) external;

    /// @notice Quarantines a loose Active device. Requirements: custodian. Emits a {DeviceQuarantined} event.
    function quarantine(bytes32 deviceId, bytes32 reasonHash) external;

    /// @notice Releases a quarantined device. Requirements: custodian. Emits a {DeviceReleased} event.
    function release(bytes32 deviceId) external;

    /// @notice Decommissions a loose device that is Active, Installed or Quarantined. Requirements: custodian.
    /// Emits a {DeviceDecommissioned} event.
    function decommission(bytes32 deviceId) external;

    /// @notice Destroys a loose device that is Active, Quarantined or Decommissioned (terminal). Requirements:
    /// custodian. Emits a {DeviceDestroyed} event.
    function destroy(bytes32 deviceId) external;

    /// @notice Authorises (or de-authorises) a service provider to service the caller's devices.
    /// Emits a {ServiceProviderAuthorised} event.
    function authoriseServiceProvider(uint64 serviceProvider, bool authorised) external;

    /// @notice True when `serviceProvider` may service devices held by `custodian`.
    function isAuthorisedServicer(uint64 custodian, uint64 serviceProvider) external view returns (bool);

    /// @notice Hash of the software image last recorded for a device.
    function softwareOf(bytes32 deviceId) external view returns (bytes32 imageHash);
}
