// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title INetworkRules
/// @notice What a Besu network asks the directory: which accounts may send transactions (the account-rules interface
/// of Besu's account permissioning) and which nodes validate blocks (QBFT's validator contract interface).
/// @dev See docs/deploying-to-besu.md for how a network is configured to use them and their limits.
interface INetworkRules {
    /// @notice The validator address is already the validator of another organisation.
    error DirectoryValidatorInUse(address validator, uint64 gln);
    /// @notice The organisation's validator is already this address (zero: it has none).
    error DirectoryValidatorUnchanged(uint64 gln, address validator);

    /// @notice An organisation's validator node address was set, changed or cleared (zero).
    event OrganisationValidatorChanged(uint64 indexed gln, address previous, address validator, address actor);

    /// @notice Sets the address of the QBFT validator node an organisation runs; zero clears it.
    /// @dev Requirements: admin; not paused; organisation known; address differs from the current one and is not
    /// another organisation's validator. Emits {OrganisationValidatorChanged}.
    function setOrganisationValidator(uint64 gln, address validator) external;

    /// @notice True when `sender` may send a transaction: an account of an active organisation, the admin or a
    /// guardian. The other arguments are Besu's and do not change the answer.
    function transactionAllowed(
        address sender,
        address target,
        uint256 value,
        uint256 gasPrice,
        uint256 gasLimit,
        bytes calldata payload
    ) external view returns (bool);

    /// @notice The validator addresses of the active organisations that have one (order unspecified).
    function getValidators() external view returns (address[] memory);

    /// @notice The validator address of an organisation, or zero.
    function validatorOf(uint64 gln) external view returns (address);
}
