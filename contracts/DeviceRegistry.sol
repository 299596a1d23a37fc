// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {IProductRegistry} from "./interfaces/IProductRegistry.sol";
import {ConsortiumGated} from "./base/ConsortiumGated.sol";
import {DeviceStorage} from "./devices/DeviceStorage.sol";
import {LotBook} from "./devices/LotBook.sol";
import {Commissioning} from "./devices/Commissioning.sol";
import {Shipping} from "./devices/Shipping.sol";
import {ModuleHooks} from "./devices/ModuleHooks.sol";

/// @title DeviceRegistry
/// @notice Lots, devices, containers and shipments: where every serialised device is and who holds it.
/// @dev Composed of one abstract contract per concern so that custody checks share one storage layout and stay
/// local (no cross-contract call per device). See docs/decisions/0001-contract-split.md.
contract DeviceRegistry is LotBook, Commissioning, Shipping, ModuleHooks {
    constructor(
        IConsortiumDirectory directory_,
        IProductRegistry products_
    ) ConsortiumGated(directory_) DeviceStorage(products_) {}
}
