// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title IDeviceRegistry
/// @notice Lots, devices (UDI-DI + UDI-PI), containers (SSCC) and the shipments that move custody between
/// organisations, with the recall holds that restrict where affected devices may go.
interface IDeviceRegistry {
    /// @notice Where a device is in its life. A packed device stays Active; its container says where it is.
    enum DeviceStatus {
        None,
        Active,
        InTransit,
        Installed,
        Quarantined,
        Decommissioned,
        Destroyed
    }

    /// @notice State of a container (logistic unit).
    enum ContainerStatus {
        None,
        Active,
        InTransit,
        Quarantined
    }

    /// @notice State of a two-phase custody handoff.
    enum ShipmentStatus {
        None,
        InTransit,
        Received,
        Rejected,
        Cancelled
    }

    /// @notice Which devices of a product a recall hold affects.
    enum HoldScope {
        None,
        Product,
        Lots,
        Serials
    }

    /// @notice A production lot.
    struct Lot {
        uint64 gtin; // product
        uint64 manufacturer; // GLN of the product's manufacturer
        uint40 manufacturedAt; // unix seconds
        uint40 expiresAt; // unix seconds, last instant of use; 0 when the lot does not expire
        uint32 holdMark; // id of the last recall that listed this lot
    }

    /// @notice Hot state of one device: one storage slot.
    struct Device {
        uint64 custodian; // GLN holding the device while loose (a packed device follows its container)
        DeviceStatus status;
        uint32 lotKey; // the device's lot
        uint32 container; // container key while packed, else 0
        uint32 shipment; // shipment carrying it while loose in transit, else 0
        uint32 holdMark; // id of the last recall that listed this serial
        uint32 clearedHold; // id of the recall whose hold a disposition has cleared
    }

    /// @notice A container and where it is.
    struct Container {
        uint64 custodian; // GLN holding the container
        ContainerStatus status;
        uint32 key; // compact key packed devices point to
        uint32 lotKey; // every device in a container is of one lot; 0 while empty
        uint32 shipment; // shipment carrying it, else 0
        uint32 deviceCount; // devices packed
        uint32 holdMark; // id of the last serial recall that listed a device packed here
    }

    /// @notice A custody handoff.
    struct Shipment {
        uint64 sender; // GLN of the custodian that shipped
        uint64 recipient; // GLN that must receive or reject
        ShipmentStatus status;
        bool excursion; // an anchored telemetry excursion: its devices are quarantined on receipt
        uint32 itemCount; // loose devices + containers shipped; each points back to the shipment until it closes
    }

    /// @notice The open recall on a product, as far as custody is concerned.
    struct Hold {
        uint32 recallId; // 0 when no recall is open
        HoldScope scope;
        uint64 returnTo; // organisation affected devices may be returned to, besides the manufacturer
    }

    /// @notice A device as integrators and auditors see it, with its container and recall resolved.
    struct DeviceState {
        uint64 custodian; // effective custodian (the container's while packed)
        DeviceStatus status; // effective status (InTransit / Quarantined when its container is)
        uint64 gtin;
        uint32 lotKey;
        uint64 container; // SSCC while packed, else 0
        uint32 shipment; // shipment carrying it (directly or in its container), else 0
        uint32 heldBy; // id of the open recall holding it, else 0
        bool expired;
    }

    /// @notice The product is not registered.
    error DeviceRegistryUnknownProduct(uint64 gtin);
    /// @notice The caller's organisation is not the product's manufacturer.
    error DeviceRegistryNotManufacturer(uint64 gtin, uint64 organisation);
    /// @notice The lot number is empty, longer than 20 characters or outside GS1 character set 82.
    error DeviceRegistryInvalidLotNumber(string lotNumber);
    /// @notice The expiry precedes the manufacture date.
    error DeviceRegistryInvalidLotDates(uint40 manufacturedAt, uint40 expiresAt);
    /// @notice This GTIN already has a lot with this number.
    error DeviceRegistryLotExists(uint64 gtin, string lotNumber);
    /// @notice No lot has this key.
    error DeviceRegistryUnknownLot(uint32 lotKey);
    /// @notice The serial is empty, longer than 20 characters or outside GS1 character set 82.
    error DeviceRegistryInvalidSerial(string serial);
    /// @notice This GTIN + serial was already commissioned.
    error DeviceRegistryDeviceExists(bytes32 deviceId);
    /// @notice No device has this id.
    error DeviceRegistryUnknownDevice(bytes32 deviceId);
    /// @notice A batch must hold at least one item.
    error DeviceRegistryEmptyBatch();
    /// @notice A batch holds more items than the cap.
    error DeviceRegistryBatchTooLarge(uint256 size, uint256 max);
    /// @notice The caller's organisation is not the device's custodian.
    error DeviceRegistryNotCustodian(bytes32 deviceId, uint64 organisation);
    /// @notice The device's status does not allow the operation.
    error DeviceRegistryDeviceUnavailable(bytes32 deviceId, DeviceStatus status);
    /// @notice The device is packed in a container; unpack it first.
    error DeviceRegistryDevicePacked(bytes32 deviceId, uint64 sscc);
    /// @notice An open recall holds the device and the destination is not a return destination.
    error DeviceRegistryDeviceHeld(bytes32 deviceId, uint32 recallId);
    /// @notice The SSCC is zero, longer than 18 digits or fails its check digit.
    error DeviceRegistryInvalidSscc(uint64 sscc);
    /// @notice No container has this SSCC.
    error DeviceRegistryUnknownContainer(uint64 sscc);
    /// @notice The caller's organisation is not the container's custodian.
    error DeviceRegistryContainerNotCustodian(uint64 sscc, uint64 organisation);
    /// @notice The container's status does not allow the operation.
    error DeviceRegistryContainerUnavailable(uint64 sscc, ContainerStatus status);
    /// @notice A container holds devices of one lot only.
    error DeviceRegistryContainerLotMismatch(uint64 sscc, uint32 containerLot, uint32 deviceLot);
    /// @notice The device is not packed in this container.
    error DeviceRegistryNotInContainer(bytes32 deviceId, uint64 sscc);
    /// @notice An empty container cannot be shipped.
    error DeviceRegistryContainerEmpty(uint64 sscc);
    /// @notice An open recall holds devices in the container and the destination is not a return destination.
    error DeviceRegistryContainerHeld(uint64 sscc, uint32 recallId);
    /// @notice The recipient is the sender, unknown, suspended, or has no role that may hold devices.
    error DeviceRegistryInvalidRecipient(uint64 recipient);
    /// @notice No shipment has this id.
    error DeviceRegistryUnknownShipment(uint32 shipmentId);
    /// @notice The shipment was already received, rejected or cancelled.
    error DeviceRegistryShipmentClosed(uint32 shipmentId, ShipmentStatus status);
    /// @notice Only the recipient may receive or reject.
    error DeviceRegistryNotRecipient(uint32 shipmentId, uint64 organisation);
    /// @notice Only the sender may cancel.
    error DeviceRegistryNotSender(uint32 shipmentId, uint64 organisation);
    /// @notice The number of devices and containers given differs from the number shipped.
    error DeviceRegistryManifestMismatch(uint32 shipmentId);
    /// @notice The device is not carried loose by this shipment (or is listed twice).
    error DeviceRegistryNotInShipment(bytes32 deviceId, uint32 shipmentId);
    /// @notice The container is not carried by this shipment (or is listed twice).
    error DeviceRegistryContainerNotInShipment(uint64 sscc, uint32 shipmentId);
    /// @notice Only the wired lifecycle, recall or anchor contract may call this.
    error DeviceRegistryUnauthorisedModule(address caller);
    /// @notice Modules are wired once, by the deployer.
    error DeviceRegistryWiringClosed(address caller);
    /// @notice The product already has an open recall; terminate it first.
    error DeviceRegistryRecallAlreadyOpen(uint64 gtin, uint32 recallId);
    /// @notice The lot is not a lot of the recalled product.
    error DeviceRegistryLotNotOfProduct(uint32 lotKey, uint64 gtin);
    /// @notice The device is not of the recalled product.
    error DeviceRegistryDeviceNotOfProduct(bytes32 deviceId, uint64 gtin);
    /// @notice The device is not held by this recall.
    error DeviceRegistryNotHeldBy(bytes32 deviceId, uint32 recallId);

    /// @notice The deployer wired the lifecycle, recall and anchor contracts to the registry's hooks (once).
    event ModulesWired(address lifecycle, address recalls, address anchors, address actor);
    /// @notice A manufacturer registered a lot.
    event LotRegistered(
        uint32 indexed lotKey,
        uint64 indexed gtin,
        string lotNumber,
        uint40 manufacturedAt,
        uint40 expiresAt,
        uint64 organisation,
        address actor
    );
    /// @notice A manufacturer commissioned a device into its own custody.
    event DeviceCommissioned(
        bytes32 indexed deviceId,
        uint64 gtin,
        string serial,
        uint32 lotKey,
        uint64 organisation,
        address actor
    );
    /// @notice A manufacturer commissioned a batch of devices of one lot; each id is
    /// `keccak256(abi.encode(gtin, serial))`.
    event DevicesCommissioned(uint32 indexed lotKey, uint64 gtin, string[] serials, uint64 organisation, address actor);
    /// @notice Devices were packed into a container (created on first use with the packer as custodian).
    event DevicesPacked(uint64 indexed sscc, bytes32[] deviceIds, uint32 lotKey, uint64 organisation, address actor);
    /// @notice Devices were unpacked; they take the container's custodian and quarantine.
    event DevicesUnpacked(uint64 indexed sscc, bytes32[] deviceIds, uint64 organisation, address actor);
    /// @notice A quarantined container was released by its custodian.
    event ContainerReleased(uint64 indexed sscc, uint64 organisation, address actor);
    /// @notice The custodian shipped loose devices and containers; possession moves on receipt.
    event ShipmentDispatched(
        uint32 indexed shipmentId,
        uint64 indexed sender,
        uint64 indexed recipient,
        bytes32[] deviceIds,
        uint64[] containers,
        bytes32 documentHash,
        bool titleTransfer,
        address actor
    );
    /// @notice The recipient received a shipment and became custodian; `quarantined` after an excursion.
    event ShipmentReceived(uint32 indexed shipmentId, uint64 indexed recipient, bool quarantined, address actor);
    /// @notice The recipient rejected a shipment; custody stays with the sender.
    event ShipmentRejected(uint32 indexed shipmentId, uint64 indexed recipient, address actor);
    /// @notice The sender cancelled a shipment before receipt.
    event ShipmentCancelled(uint32 indexed shipmentId, uint64 indexed sender, address actor);

    /// @notice Registers a lot of one of the caller's products.
    /// @dev Requirements: caller's organisation manufactures `gtin`; lot number valid and new for the GTIN;
    /// `expiresAt` is 0 or not before `manufacturedAt`. Emits a {LotRegistered} event.
    function registerLot(
        uint64 gtin,
        string calldata lotNumber,
        uint40 manufacturedAt,
        uint40 expiresAt
    ) external returns (uint32 lotKey);

    /// @notice Commissions one device into the caller's custody.
    /// @dev Requirements: caller's organisation has the Manufacturer role and manufactures the lot's product; serial is
    /// 1–20 characters of GS1 character set 82; GTIN + serial new. Emits a {DeviceCommissioned} event.
    function commission(uint32 lotKey, string calldata serial) external returns (bytes32 deviceId);

    /// @notice Commissions up to {MAX_BATCH} devices of one lot. Same requirements as {commission} for each serial.
    /// Emits one {DevicesCommissioned} event for the batch.
    function commissionBatch(uint32 lotKey, string[] calldata serials) external;

    /// @notice Packs loose devices into a container, creating it on first use.
    /// @dev Requirements: caller's organisation holds the container (or it is new) and every device, each loose and
    /// Active; one lot per container; container Active. Emits a {DevicesPacked} event.
    function pack(uint64 sscc, bytes32[] calldata deviceIds) external;

    /// @notice Unpacks devices from a container the caller holds (Active or Quarantined).
    /// @dev Each device leaves with the container's custodian; from a quarantined container it stays quarantined.
    /// Emits a {DevicesUnpacked} event.
    function unpack(uint64 sscc, bytes32[] calldata deviceIds) external;

    /// @notice Releases a quarantined container. Requirements: caller holds it. Emits a {ContainerReleased} event.
    function releaseContainer(uint64 sscc) external;

    /// @notice Ships loose devices and containers the caller holds to another organisation.
    /// @dev Requirements: at least one and at most {MAX_BATCH} items; recipient active, not the sender, with a role
    /// that may hold devices; each device loose and Active, each container Active and non-empty; items under an open
    /// recall only to the manufacturer or the recall's return organisation. Emits a {ShipmentDispatched} event.
    function ship(
        uint64 recipient,
        bytes32[] calldata deviceIds,
        uint64[] calldata containers,
        bytes32 documentHash,
        bool titleTransfer
    ) external returns (uint32 shipmentId);

    /// @notice The recipient takes custody of everything shipped (quarantined after an anchored excursion).
    /// @dev Requirements: caller's organisation is the recipient and still has a role that may hold devices; shipment
    /// in transit; the lists hold exactly the
    /// devices and containers shipped (any order);
    /// held items only at a return destination (otherwise reject). Emits a {ShipmentReceived} event.
    function receiveShipment(uint32 shipmentId, bytes32[] calldata deviceIds, uint64[] calldata containers) external;

    /// @notice The recipient refuses a shipment; custody stays with the sender. Emits a {ShipmentRejected} event.
    function rejectShipment(uint32 shipmentId, bytes32[] calldata deviceIds, uint64[] calldata containers) external;

    /// @notice The sender withdraws a shipment before receipt. Emits a {ShipmentCancelled} event.
    function cancelShipment(uint32 shipmentId, bytes32[] calldata deviceIds, uint64[] calldata containers) external;

    /// @notice Lets the lifecycle, recall and anchor contracts call the module hooks. Once, by the deployer.
    /// Emits a {ModulesWired} event.
    function wireModules(address lifecycle, address recalls, address anchors) external;

    /// @notice Lifecycle hook: sets a loose device's status.
    function setDeviceStatus(bytes32 deviceId, DeviceStatus status) external;

    /// @notice Recall hook: opens a hold on a product, its listed lots or its listed devices.
    function placeHold(
        uint32 recallId,
        uint64 gtin,
        HoldScope scope,
        uint64 returnTo,
        uint32[] calldata lotKeys,
        bytes32[] calldata deviceIds
    ) external;

    /// @notice Recall hook: ends the hold on a product.
    function releaseHold(uint64 gtin) external;

    /// @notice Recall hook: a disposition clears one device from the hold of `recallId`.
    function clearDeviceHold(bytes32 deviceId, uint32 recallId) external;

    /// @notice Anchor hook: marks a shipment in transit as having had an excursion.
    function flagShipmentExcursion(uint32 shipmentId) external;

    /// @notice Largest number of items (devices, serials, containers, lots) one call may carry.
    function MAX_BATCH() external view returns (uint256);

    /// @notice A device with its container, shipment and recall hold resolved.
    function deviceState(bytes32 deviceId) external view returns (DeviceState memory);

    /// @notice The raw one-slot record of a device.
    function device(bytes32 deviceId) external view returns (Device memory);

    /// @notice A lot by key.
    function lot(uint32 lotKey) external view returns (Lot memory);

    /// @notice The key of the lot with this GTIN and number, or 0.
    function lotKeyOf(uint64 gtin, string calldata lotNumber) external view returns (uint32);

    /// @notice A container by SSCC.
    function container(uint64 sscc) external view returns (Container memory);

    /// @notice A shipment by id.
    function shipment(uint32 shipmentId) external view returns (Shipment memory);

    /// @notice The open recall hold on a product.
    function hold(uint64 gtin) external view returns (Hold memory);
}
