// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IDeviceRegistry} from "./IDeviceRegistry.sol";

/// @title IRecallRegistry
/// @notice Recalls and field safety actions: issued by the product's manufacturer or a regulator, acknowledged by
/// holders, each affected device given a disposition, terminated by the issuer.
interface IRecallRegistry {
    /// @notice Health-hazard class (FDA class I–III) or a safety alert without class.
    enum RecallClass {
        None,
        ClassI,
        ClassII,
        ClassIII,
        SafetyAlert
    }

    /// @notice What holders must do.
    enum RecallAction {
        None,
        Removal,
        Correction,
        SoftwareUpdate,
        Advisory
    }

    /// @notice Open until the issuer terminates it.
    enum RecallStatus {
        None,
        Open,
        Terminated
    }

    /// @notice What became of one affected device.
    enum Disposition {
        None,
        Returned,
        Corrected,
        Destroyed
    }

    /// @notice A recall record.
    struct Recall {
        uint64 gtin; // recalled product
        uint64 issuer; // GLN of the issuing manufacturer or regulator
        uint64 returnTo; // where affected devices go back to (the manufacturer unless the notice names another)
        RecallStatus status;
        RecallClass recallClass;
        RecallAction action;
        IDeviceRegistry.HoldScope scope;
    }

    /// @notice What an issuer asks for.
    struct RecallNotice {
        uint64 gtin;
        RecallClass recallClass;
        RecallAction action;
        IDeviceRegistry.HoldScope scope;
        uint64 returnTo; // 0: the product's manufacturer
        bytes32 noticeHash; // hash of the notice document
        uint32[] lotKeys; // scope Lots: the recalled lots
        bytes32[] deviceIds; // scope Serials: the recalled devices
    }

    /// @notice The product is not registered.
    error RecallRegistryUnknownProduct(uint64 gtin);
    /// @notice Only the product's manufacturer or a regulator may issue a recall.
    error RecallRegistryNotIssuer(uint64 gtin, uint64 organisation);
    /// @notice Class, action and scope must be defined values.
    error RecallRegistryInvalidNotice();
    /// @notice The lists do not match the scope (Product: none; Lots: lots only; Serials: devices only).
    error RecallRegistryScopeMismatch(IDeviceRegistry.HoldScope scope, uint256 lotCount, uint256 deviceCount);
    /// @notice The list is longer than the registry's batch cap.
    error RecallRegistryTooManyItems(uint256 count, uint256 max);
    /// @notice The return organisation is not an active manufacturer, distributor or service provider.
    error RecallRegistryInvalidReturnTo(uint64 returnTo);
    /// @notice No recall has this id.
    error RecallRegistryUnknownRecall(uint32 recallId);
    /// @notice The recall was already terminated.
    error RecallRegistryRecallClosed(uint32 recallId);
    /// @notice The organisation already acknowledged this recall.
    error RecallRegistryAlreadyAcknowledged(uint32 recallId, uint64 organisation);
    /// @notice The disposition must be Returned, Corrected or Destroyed.
    error RecallRegistryInvalidDisposition(bytes32 deviceId);
    /// @notice The device is not (or no longer) held by this recall.
    error RecallRegistryNotAffected(uint32 recallId, bytes32 deviceId);
    /// @notice The caller's organisation may not record this disposition for this device.
    error RecallRegistryDispositionNotAllowed(uint32 recallId, bytes32 deviceId, uint64 organisation);
    /// @notice Only the issuing organisation may terminate its recall.
    error RecallRegistryNotRecallIssuer(uint32 recallId, uint64 organisation);

    /// @notice A recall was issued and its hold placed.
    event RecallIssued(
        uint32 indexed recallId,
        uint64 indexed gtin,
        uint64 indexed issuer,
        RecallClass recallClass,
        RecallAction action,
        IDeviceRegistry.HoldScope scope,
        uint64 returnTo,
        bytes32 noticeHash,
        uint32[] lotKeys,
        bytes32[] deviceIds,
        address actor
    );
    /// @notice An organisation acknowledged a recall notice.
    event RecallAcknowledged(uint32 indexed recallId, uint64 indexed organisation, address actor);
    /// @notice A disposition was recorded for an affected device, clearing it from the hold.
    event RecallDispositionRecorded(
        uint32 indexed recallId,
        bytes32 indexed deviceId,
        Disposition disposition,
        uint64 organisation,
        address actor
    );
    /// @notice The issuer terminated a recall; its hold ended.
    event RecallTerminated(uint32 indexed recallId, uint64 indexed organisation, address actor);

    /// @notice Issues a recall and places its hold. O(1) in the number of devices of a recalled product or lot.
    /// @dev Requirements: caller's organisation manufactures the product or is a Regulator; no other open recall on
    /// the product; lists matching the scope and within the cap. Emits a {RecallIssued} event.
    function issueRecall(RecallNotice calldata notice) external returns (uint32 recallId);

    /// @notice Acknowledges an open recall on behalf of the caller's organisation, once.
    /// Emits a {RecallAcknowledged} event.
    function acknowledgeRecall(uint32 recallId) external;

    /// @notice Records what became of an affected device and clears it from the hold.
    /// @dev Returned: by its custodian when that is the manufacturer or the return organisation. Corrected: by its
    /// custodian or the issuer, for a device not destroyed. Destroyed: the device must be destroyed; by its custodian or
    /// the issuer.
    /// Emits a {RecallDispositionRecorded} event.
    function recordDisposition(uint32 recallId, bytes32 deviceId, Disposition disposition) external;

    /// @notice Terminates an open recall and ends its hold. Requirements: caller's organisation issued it.
    /// Emits a {RecallTerminated} event.
    function terminateRecall(uint32 recallId) external;

    /// @notice A recall by id.
    function recall(uint32 recallId) external view returns (Recall memory);

    /// @notice True when the organisation acknowledged the recall.
    function hasAcknowledged(uint32 recallId, uint64 organisation) external view returns (bool);

    /// @notice The disposition recorded for a device under a recall.
    function dispositionOf(uint32 recallId, bytes32 deviceId) external view returns (Disposition);
}
