// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title IProductRegistry
/// @notice Products (UDI-DI = GS1 GTIN-14) registered by the manufacturer that owns the GTIN's company prefix.
interface IProductRegistry {
    /// @notice One product.
    struct Product {
        uint64 manufacturer; // GLN of the owning manufacturer; 0 when unregistered
        bool tracked; // subject to device tracking (21 CFR 821)
        bool implantable; // an implant
        bytes32 metadataHash; // hash of the GUDID / EUDAMED record and IFU
    }

    /// @notice The GTIN is longer than 14 digits or fails its check digit.
    error ProductRegistryInvalidGtin(uint64 gtin);
    /// @notice The GTIN's company prefix is not assigned to the caller's organisation.
    error ProductRegistryPrefixNotOwned(uint64 gtin, uint64 organisation);
    /// @notice The product is already registered.
    error ProductRegistryProductExists(uint64 gtin);
    /// @notice The product is not registered.
    error ProductRegistryUnknownProduct(uint64 gtin);
    /// @notice Only the product's manufacturer may change it.
    error ProductRegistryNotManufacturer(uint64 gtin, uint64 organisation);

    /// @notice A manufacturer registered a product.
    event ProductRegistered(
        uint64 indexed gtin,
        uint64 indexed manufacturer,
        bytes32 metadataHash,
        bool tracked,
        bool implantable,
        address actor
    );
    /// @notice The manufacturer replaced a product's metadata hash.
    event ProductMetadataUpdated(uint64 indexed gtin, uint64 indexed manufacturer, bytes32 metadataHash, address actor);

    /// @notice Registers a product under one of the caller's company prefixes.
    /// @dev Requirements: caller's organisation active with the Manufacturer role and owning the GTIN's prefix; valid
    /// unregistered GTIN-14. Emits a {ProductRegistered} event.
    function registerProduct(uint64 gtin, bytes32 metadataHash, bool tracked, bool implantable) external;

    /// @notice Replaces a product's metadata hash. Requirements: caller's organisation is the product's manufacturer.
    /// Emits a {ProductMetadataUpdated} event.
    function updateProductMetadata(uint64 gtin, bytes32 metadataHash) external;

    /// @notice The product with this GTIN (manufacturer 0 when unregistered).
    function product(uint64 gtin) external view returns (Product memory);
}
