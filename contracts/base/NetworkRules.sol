// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {INetworkRules} from "../interfaces/INetworkRules.sol";

/// @title NetworkRules
/// @notice Besu's account-rules and QBFT validator-contract views over the directory's membership.
/// @dev The deriving directory gates {setOrganisationValidator} and answers who is active and who may transact.
abstract contract NetworkRules is INetworkRules {
    using EnumerableSet for EnumerableSet.UintSet;

    mapping(uint64 gln => address validator) private _validators;
    mapping(address validator => uint64 gln) private _validatorOrganisations;
    /// @dev The GLNs of the organisations that have a validator address.
    EnumerableSet.UintSet private _validatorGlns;

    /// @inheritdoc INetworkRules
    function transactionAllowed(
        address sender,
        address,
        uint256,
        uint256,
        uint256,
        bytes calldata
    ) external view returns (bool) {
        return _mayTransact(sender);
    }

    /// @inheritdoc INetworkRules
    function getValidators() external view returns (address[] memory validators) {
        uint256 total = _validatorGlns.length();
        uint256 active;
        for (uint256 i; i < total; ++i) {
            if (_isActive(uint64(_validatorGlns.at(i)))) ++active;
        }
        validators = new address[](active);
        uint256 next;
        for (uint256 i; i < total; ++i) {
            uint64 gln = uint64(_validatorGlns.at(i));
            if (_isActive(gln)) validators[next++] = _validators[gln];
        }
    }

    /// @inheritdoc INetworkRules
    function validatorOf(uint64 gln) external view returns (address) {
        return _validators[gln];
    }

    /// @dev Sets, changes or clears (zero) the validator of a known organisation; returns the previous address.
    function _setValidator(uint64 gln, address validator) internal returns (address previous) {
        previous = _validators[gln];
        if (previous == validator) revert DirectoryValidatorUnchanged(gln, validator);
        uint64 holder = _validatorOrganisations[validator];
        if (holder != 0) revert DirectoryValidatorInUse(validator, holder);
        delete _validatorOrganisations[previous];
        _validators[gln] = validator;
        if (validator == address(0)) {
            _validatorGlns.remove(gln);
        } else {
            _validatorOrganisations[validator] = gln;
            _validatorGlns.add(gln);
        }
    }

    /// @dev True when `sender` may send transactions on the network.
    function _mayTransact(address sender) internal view virtual returns (bool);

    /// @dev True when the organisation is admitted and not suspended.
    function _isActive(uint64 gln) internal view virtual returns (bool);
}
