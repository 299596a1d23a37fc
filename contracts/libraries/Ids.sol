// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Ids
/// @notice The one derivation of every hashed domain id. The SDK mirrors these exactly.
/// @dev `abi.encode`, never `abi.encodePacked`: two dynamic values must not collide (SWC-133).
library Ids {
    /// @notice The id of the device with this GTIN-14 and serial number (UDI-DI + UDI-PI).
    function deviceId(uint64 gtin, string memory serial) internal pure returns (bytes32) {
        return keccak256(abi.encode(gtin, serial));
    }

    /// @notice The id of the lot with this GTIN-14 and lot number.
    function lotId(uint64 gtin, string memory lotNumber) internal pure returns (bytes32) {
        return keccak256(abi.encode(gtin, lotNumber));
    }
}
