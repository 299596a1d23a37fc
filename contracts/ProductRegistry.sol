// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IProductRegistry} from "./interfaces/IProductRegistry.sol";
import {ConsortiumGated} from "./base/ConsortiumGated.sol";
import {GS1} from "./libraries/GS1.sol";

/// @title ProductRegistry
/// @notice Products (UDI-DI): nobody can register a GTIN under someone else's company prefix.
contract ProductRegistry is IProductRegistry, ConsortiumGated {
    mapping(uint64 gtin => Product) private _products;

    constructor(IConsortiumDirectory directory_) ConsortiumGated(directory_) {}

    /// @inheritdoc IProductRegistry
    function registerProduct(uint64 gtin, bytes32 metadataHash, bool tracked, bool implantable) external whenNotPaused {
        uint64 org = _callerWithRole(IConsortiumDirectory.Role.Manufacturer);
        if (!GS1.isGtin(gtin)) revert ProductRegistryInvalidGtin(gtin);
        (uint64 owner, ) = directory.companyPrefixOwner(gtin);
        if (owner != org) revert ProductRegistryPrefixNotOwned(gtin, org);
        if (_products[gtin].manufacturer != 0) revert ProductRegistryProductExists(gtin);
        _products[gtin] = Product(org, tracked, implantable, metadataHash);
        emit ProductRegistered(gtin, org, metadataHash, tracked, implantable, msg.sender);
        _chain(
            abi.encodePacked(
                ProductRegistered.selector,
                bytes32(uint256(gtin)),
                bytes32(uint256(org)),
                abi.encode(metadataHash, tracked, implantable, msg.sender)
            )
        );
    }

    /// @inheritdoc IProductRegistry
    function updateProductMetadata(uint64 gtin, bytes32 metadataHash) external whenNotPaused {
        (uint64 org, ) = _caller();
        Product storage p = _products[gtin];
        if (p.manufacturer == 0) revert ProductRegistryUnknownProduct(gtin);
        if (p.manufacturer != org) revert ProductRegistryNotManufacturer(gtin, org);
        p.metadataHash = metadataHash;
        emit ProductMetadataUpdated(gtin, org, metadataHash, msg.sender);
        _chain(
            abi.encodePacked(
                ProductMetadataUpdated.selector,
                bytes32(uint256(gtin)),
                bytes32(uint256(org)),
                abi.encode(metadataHash, msg.sender)
            )
        );
    }

    /// @inheritdoc IProductRegistry
    function product(uint64 gtin) external view returns (Product memory) {
        return _products[gtin];
    }
}
