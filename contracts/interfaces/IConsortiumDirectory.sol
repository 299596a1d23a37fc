// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {IMembershipVotes} from "./IMembershipVotes.sol";
import {INetworkRules} from "./INetworkRules.sol";

/// @title IConsortiumDirectory
/// @notice The consortium's members: organisations keyed by GLN, their roles, their signing accounts and the GS1
/// company prefixes assigned to manufacturers. Custody is held by organisations, never by keys.
/// @dev It is also the source of votes for `ConsortiumGovernor` ({IMembershipVotes}) and the account and validator
/// rules of a Besu network ({INetworkRules}).
interface IConsortiumDirectory is IMembershipVotes, INetworkRules {
    /// @notice What an organisation may do. Stored as a bit mask: bit `uint8(role)`.
    enum Role {
        None,
        Manufacturer,
        Distributor,
        HealthcareProvider,
        ServiceProvider,
        Regulator,
        DataGateway
    }

    /// @notice Whether an organisation may act.
    enum OrganisationStatus {
        None,
        Active,
        Suspended
    }

    /// @notice One member organisation.
    struct Organisation {
        OrganisationStatus status; // None until admitted
        uint8 roles; // bit mask over Role
        uint32 accountCount; // signing accounts currently bound to the organisation
    }

    /// @notice The GLN is zero, longer than 13 digits or fails its check digit.
    error DirectoryInvalidGln(uint64 gln);
    /// @notice An organisation with this GLN was already admitted.
    error DirectoryOrganisationExists(uint64 gln);
    /// @notice No organisation with this GLN was admitted.
    error DirectoryUnknownOrganisation(uint64 gln);
    /// @notice The organisation is suspended and may not act or receive devices.
    error DirectoryOrganisationSuspended(uint64 gln);
    /// @notice The organisation is active, so it cannot be reactivated.
    error DirectoryOrganisationNotSuspended(uint64 gln);
    /// @notice The role mask is empty or has bits outside the defined roles.
    error DirectoryInvalidRoles(uint8 roles);
    /// @notice The organisation already has this role.
    error DirectoryRoleAlreadyGranted(uint64 gln, Role role);
    /// @notice The organisation does not have this role.
    error DirectoryMissingRole(uint64 gln, Role role);
    /// @notice The zero address cannot be an account.
    error DirectoryZeroAccount();
    /// @notice The account is already bound to an organisation.
    error DirectoryAccountInUse(address account, uint64 gln);
    /// @notice The account is not bound to any organisation.
    error DirectoryUnknownAccount(address account);
    /// @notice Only the consortium admin or the account itself may rotate an account.
    error DirectoryUnauthorisedRotation(address caller, address account);
    /// @notice The company prefix is not 4 to 12 decimal digits.
    error DirectoryInvalidCompanyPrefix(string prefix);
    /// @notice The company prefix is already assigned.
    error DirectoryCompanyPrefixTaken(string prefix, uint64 owner);
    /// @notice The company prefix starts, or is started by, a prefix already assigned.
    error DirectoryCompanyPrefixOverlaps(string prefix);
    /// @notice The company prefix is not assigned to anyone.
    error DirectoryUnknownCompanyPrefix(string prefix);
    /// @notice The organisation already has the most accounts allowed.
    error DirectoryTooManyAccounts(uint64 gln, uint256 max);
    /// @notice Only the admin or a guardian may pause.
    error DirectoryUnauthorisedPause(address caller);

    /// @notice An organisation was admitted with `roles` and its first account.
    event OrganisationAdmitted(uint64 indexed gln, uint8 roles, address account, address actor);
    /// @notice An organisation was suspended: its accounts can no longer act and it cannot receive devices.
    event OrganisationSuspended(uint64 indexed gln, address actor);
    /// @notice A suspended organisation was reactivated.
    event OrganisationReactivated(uint64 indexed gln, address actor);
    /// @notice A role was granted to an organisation.
    event OrganisationRoleGranted(uint64 indexed gln, Role role, address actor);
    /// @notice A role was revoked from an organisation.
    event OrganisationRoleRevoked(uint64 indexed gln, Role role, address actor);
    /// @notice A signing account was bound to an organisation.
    event AccountAdded(uint64 indexed gln, address indexed account, address actor);
    /// @notice A signing account was unbound from its organisation.
    event AccountRemoved(uint64 indexed gln, address indexed account, address actor);
    /// @notice A signing account was replaced by another, atomically.
    event AccountRotated(uint64 indexed gln, address indexed oldAccount, address indexed newAccount, address actor);
    /// @notice A GS1 company prefix was assigned to a manufacturer.
    event CompanyPrefixAssigned(uint64 indexed gln, string prefix, address actor);
    /// @notice A GS1 company prefix was withdrawn from its manufacturer.
    event CompanyPrefixRevoked(uint64 indexed gln, string prefix, address actor);

    /// @notice Admits an organisation with its roles and first signing account.
    /// @dev Requirements: admin; valid GLN not yet admitted; roles a non-empty mask of defined roles; account unbound.
    /// Emits {OrganisationAdmitted} and {AccountAdded}.
    function admitOrganisation(uint64 gln, uint8 roles, address account) external;

    /// @notice Suspends an active organisation. Requirements: admin; organisation active. Emits {OrganisationSuspended}.
    function suspendOrganisation(uint64 gln) external;

    /// @notice Reactivates a suspended organisation. Requirements: admin; suspended. Emits {OrganisationReactivated}.
    function reactivateOrganisation(uint64 gln) external;

    /// @notice Grants a role. Requirements: admin; known organisation; role not held. Emits {OrganisationRoleGranted}.
    function grantOrganisationRole(uint64 gln, Role role) external;

    /// @notice Revokes a role. Requirements: admin; known organisation; role held. Emits {OrganisationRoleRevoked}.
    function revokeOrganisationRole(uint64 gln, Role role) external;

    /// @notice Binds a signing account to an organisation. Requirements: admin; known organisation; account unbound;
    /// fewer than 16 accounts. Emits {AccountAdded}.
    function addAccount(uint64 gln, address account) external;

    /// @notice Unbinds a signing account. Requirements: admin; account bound. Emits {AccountRemoved}.
    function removeAccount(address account) external;

    /// @notice Replaces `oldAccount` with `newAccount` in one step (key rotation); custody is untouched.
    /// @dev Requirements: caller is the admin or `oldAccount`; `oldAccount` bound; `newAccount` unbound and non-zero.
    /// Emits {AccountRotated}.
    function rotateAccount(address oldAccount, address newAccount) external;

    /// @notice Assigns a GS1 company prefix (4–12 digits) to a manufacturer.
    /// @dev Requirements: admin; organisation known with the Manufacturer role; prefix free and neither starting nor
    /// started by an assigned prefix. Emits {CompanyPrefixAssigned}.
    function assignCompanyPrefix(uint64 gln, string calldata prefix) external;

    /// @notice Withdraws a company prefix; products already registered under it stay registered.
    /// @dev Requirements: admin; prefix assigned. Emits {CompanyPrefixRevoked}.
    function revokeCompanyPrefix(string calldata prefix) external;

    /// @notice Pauses every write of the directory. Requirements: admin or guardian.
    function pause() external;

    /// @notice Resumes writes. Requirements: admin.
    function unpause() external;

    /// @notice The organisation with this GLN (status None when unknown).
    function organisation(uint64 gln) external view returns (Organisation memory);

    /// @notice The signing accounts of an organisation.
    function accountsOf(uint64 gln) external view returns (address[] memory);

    /// @notice The GLN of the organisation `account` signs for, or 0.
    function organisationOf(address account) external view returns (uint64 gln);

    /// @notice The active organisation `account` signs for and its roles.
    /// @dev Reverts with {DirectoryUnknownAccount} or {DirectoryOrganisationSuspended}. Every registry calls this.
    function member(address account) external view returns (uint64 gln, uint8 roles);

    /// @notice The roles of an active organisation; 0 when it is unknown or suspended.
    function activeRoles(uint64 gln) external view returns (uint8 roles);

    /// @notice True when the organisation is active and holds `role`.
    function hasOrganisationRole(uint64 gln, Role role) external view returns (bool);

    /// @notice The manufacturer owning the company prefix of `gtin`, or 0; with the prefix length.
    function companyPrefixOwner(uint64 gtin) external view returns (uint64 gln, uint8 prefixLength);

    /// @notice True when `account` is the consortium admin.
    function isAdmin(address account) external view returns (bool);

    /// @notice True when `account` may pause the directory and every registry: the admin or a guardian.
    function isPauser(address account) external view returns (bool);

    /// @notice The role of emergency guardians, granted and revoked by the admin: they may pause, never unpause.
    function GUARDIAN_ROLE() external view returns (bytes32);
}
