// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title IDataAnchorRegistry
/// @notice Merkle roots over off-chain records (transit telemetry, device readings, document sets), so anyone can
/// prove one record belongs to an anchored set. Records stay off-chain.
interface IDataAnchorRegistry {
    /// @notice What an anchor is attached to.
    enum AnchorTarget {
        None,
        Shipment,
        Device,
        Lot
    }

    /// @notice One anchored record set.
    struct Anchor {
        bytes32 root; // Merkle root (OpenZeppelin MerkleProof: sorted pairs; leaves double-hashed by convention)
        uint64 organisation; // GLN that anchored it
        uint40 windowStart; // first record time, unix seconds
        uint40 windowEnd; // last record time, unix seconds
        uint32 recordCount;
        AnchorTarget target;
        bool excursion; // a record is outside its specification (e.g. a temperature excursion)
    }

    /// @notice What an anchoring organisation submits.
    struct AnchorRequest {
        AnchorTarget target;
        bytes32 targetId; // shipment id, device id or lot key, as a 32-byte word
        bytes32 root;
        uint32 recordCount;
        uint40 windowStart;
        uint40 windowEnd;
        bytes32 uriHash; // hash of where the records are kept
        bool excursion;
    }

    /// @notice The target kind is None or the target does not exist.
    error DataAnchorRegistryUnknownTarget(AnchorTarget target, bytes32 targetId);
    /// @notice The root is zero, the count zero or the window reversed.
    error DataAnchorRegistryInvalidAnchor(bytes32 root, uint32 recordCount, uint40 windowStart, uint40 windowEnd);
    /// @notice The caller's organisation is neither a data gateway nor a party to the target.
    error DataAnchorRegistryNotParty(AnchorTarget target, bytes32 targetId, uint64 organisation);
    /// @notice No anchor has this id.
    error DataAnchorRegistryUnknownAnchor(uint64 anchorId);

    /// @notice A record set was anchored; an excursion on a shipment in transit quarantines it on receipt.
    event DataAnchored(
        uint64 indexed anchorId,
        AnchorTarget indexed target,
        bytes32 indexed targetId,
        bytes32 root,
        uint32 recordCount,
        uint40 windowStart,
        uint40 windowEnd,
        bytes32 uriHash,
        bool excursion,
        uint64 organisation,
        address actor
    );

    /// @notice Anchors a Merkle root over off-chain records attached to a shipment, device or lot.
    /// @dev Requirements: caller's organisation is a DataGateway or a party (shipment sender or recipient, device
    /// custodian, lot manufacturer); target exists; non-zero root and count; window not reversed.
    /// Emits a {DataAnchored} event.
    function anchor(AnchorRequest calldata request) external returns (uint64 anchorId);

    /// @notice An anchor by id.
    function anchorOf(uint64 anchorId) external view returns (Anchor memory);

    /// @notice True when `leaf` is in the record set of `anchorId` by `proof`.
    function verifyRecord(uint64 anchorId, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);
}
