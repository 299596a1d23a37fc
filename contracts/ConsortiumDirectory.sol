// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IConsortiumDirectory} from "./interfaces/IConsortiumDirectory.sol";
import {INetworkRules} from "./interfaces/INetworkRules.sol";
import {LedgerHead} from "./base/LedgerHead.sol";
import {MembershipVotes} from "./base/MembershipVotes.sol";
import {NetworkRules} from "./base/NetworkRules.sol";
import {GS1} from "./libraries/GS1.sol";

/// @title ConsortiumDirectory
/// @notice Membership of the consortium: organisations, roles, accounts and company prefixes.
/// @dev The admin is held through `AccessControlDefaultAdminRules` (two-step transfer with a delay). Every event,
/// including OpenZeppelin's admin and pause events, is chained into the ledger head. Each account's record carries a
/// copy of its organisation's status and roles, so {member} — called by every write of every registry — is one
/// storage read; changes to an organisation rewrite its (at most 16) account records. Under governance the admin is
/// `ConsortiumTimelock`, and guardians (`GUARDIAN_ROLE`, granted by the admin) may pause but nothing else.
contract ConsortiumDirectory is
    IConsortiumDirectory,
    AccessControlDefaultAdminRules,
    Pausable,
    LedgerHead,
    MembershipVotes,
    NetworkRules
{
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice Most signing accounts one organisation may have (bounds the loop that syncs their records).
    uint256 public constant MAX_ACCOUNTS_PER_ORGANISATION = 16;
    /// @inheritdoc IConsortiumDirectory
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @dev Mask of the defined roles (bits 1..6).
    uint8 private constant ALL_ROLES = 0x7e;
    uint8 private constant MIN_PREFIX_LENGTH = 4;
    uint8 private constant MAX_PREFIX_LENGTH = 12;

    /// @dev One account's organisation, with a copy of the organisation's status and roles.
    struct Membership {
        uint64 gln; // 0 when unbound
        uint8 roles; // copy of the organisation's roles
        bool active; // copy of "organisation status is Active"
    }

    /// @dev Canonical organisation state; `accountCount` is derived from `_accounts`.
    struct OrganisationRecord {
        OrganisationStatus status;
        uint8 roles;
    }

    mapping(uint64 gln => OrganisationRecord) private _organisations;
    mapping(uint64 gln => EnumerableSet.AddressSet) private _accounts;
    mapping(address account => Membership) private _memberships;
    /// @dev Key: prefix length << 64 | prefix value, so "0614141" and "614141" stay distinct.
    mapping(uint256 prefixKey => uint64 gln) private _prefixOwners;
    /// @dev For each prefix key, how many assigned prefixes extend it (start with it and are longer).
    mapping(uint256 prefixKey => uint256 count) private _prefixExtensions;

    /// @param initialDelay Seconds a scheduled admin transfer must wait before it can be accepted.
    /// @param initialAdmin The consortium admin (a multisig or timelock in production).
    constructor(uint48 initialDelay, address initialAdmin) AccessControlDefaultAdminRules(initialDelay, initialAdmin) {}

    modifier onlyAdmin() {
        _checkRole(DEFAULT_ADMIN_ROLE);
        _;
    }

    // ===== ORGANISATIONS =====

    /// @inheritdoc IConsortiumDirectory
    function admitOrganisation(uint64 gln, uint8 roles, address account) external onlyAdmin whenNotPaused {
        if (!GS1.isGln(gln)) revert DirectoryInvalidGln(gln);
        if (_organisations[gln].status != OrganisationStatus.None) revert DirectoryOrganisationExists(gln);
        if (roles == 0 || roles & ~ALL_ROLES != 0) revert DirectoryInvalidRoles(roles);
        _requireUnbound(account);
        _organisations[gln] = OrganisationRecord(OrganisationStatus.Active, roles);
        _bind(gln, account);
        _recordActive(gln, true);
        emit OrganisationAdmitted(gln, roles, account, msg.sender);
        _chain(abi.encodePacked(OrganisationAdmitted.selector, _word(gln), abi.encode(roles, account, msg.sender)));
        _emitAccountAdded(gln, account);
    }

    /// @inheritdoc IConsortiumDirectory
    function suspendOrganisation(uint64 gln) external onlyAdmin whenNotPaused {
        OrganisationRecord storage org = _requireOrganisation(gln);
        if (org.status == OrganisationStatus.Suspended) revert DirectoryOrganisationSuspended(gln);
        org.status = OrganisationStatus.Suspended;
        _syncAccounts(gln);
        _recordActive(gln, false);
        emit OrganisationSuspended(gln, msg.sender);
        _chain(abi.encodePacked(OrganisationSuspended.selector, _word(gln), abi.encode(msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function reactivateOrganisation(uint64 gln) external onlyAdmin whenNotPaused {
        OrganisationRecord storage org = _requireOrganisation(gln);
        if (org.status != OrganisationStatus.Suspended) revert DirectoryOrganisationNotSuspended(gln);
        org.status = OrganisationStatus.Active;
        _syncAccounts(gln);
        _recordActive(gln, true);
        emit OrganisationReactivated(gln, msg.sender);
        _chain(abi.encodePacked(OrganisationReactivated.selector, _word(gln), abi.encode(msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function grantOrganisationRole(uint64 gln, Role role) external onlyAdmin whenNotPaused {
        OrganisationRecord storage org = _requireOrganisation(gln);
        uint8 bit = _roleBit(role);
        if (org.roles & bit != 0) revert DirectoryRoleAlreadyGranted(gln, role);
        org.roles |= bit;
        _syncAccounts(gln);
        emit OrganisationRoleGranted(gln, role, msg.sender);
        _chain(abi.encodePacked(OrganisationRoleGranted.selector, _word(gln), abi.encode(role, msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function revokeOrganisationRole(uint64 gln, Role role) external onlyAdmin whenNotPaused {
        OrganisationRecord storage org = _requireOrganisation(gln);
        uint8 bit = _roleBit(role);
        if (org.roles & bit == 0) revert DirectoryMissingRole(gln, role);
        org.roles &= ~bit;
        _syncAccounts(gln);
        emit OrganisationRoleRevoked(gln, role, msg.sender);
        _chain(abi.encodePacked(OrganisationRoleRevoked.selector, _word(gln), abi.encode(role, msg.sender)));
    }

    // ===== ACCOUNTS =====

    /// @inheritdoc IConsortiumDirectory
    function addAccount(uint64 gln, address account) external onlyAdmin whenNotPaused {
        _requireOrganisation(gln);
        _requireUnbound(account);
        _bind(gln, account);
        _emitAccountAdded(gln, account);
    }

    /// @inheritdoc IConsortiumDirectory
    function removeAccount(address account) external onlyAdmin whenNotPaused {
        uint64 gln = _requireBound(account);
        _unbind(gln, account);
        emit AccountRemoved(gln, account, msg.sender);
        _chain(abi.encodePacked(AccountRemoved.selector, _word(gln), _word(account), abi.encode(msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function rotateAccount(address oldAccount, address newAccount) external whenNotPaused {
        if (msg.sender != oldAccount && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert DirectoryUnauthorisedRotation(msg.sender, oldAccount);
        }
        uint64 gln = _requireBound(oldAccount);
        _requireUnbound(newAccount);
        _unbind(gln, oldAccount);
        _bind(gln, newAccount);
        emit AccountRotated(gln, oldAccount, newAccount, msg.sender);
        _chain(
            abi.encodePacked(
                AccountRotated.selector,
                _word(gln),
                _word(oldAccount),
                _word(newAccount),
                abi.encode(msg.sender)
            )
        );
    }

    // ===== COMPANY PREFIXES =====

    /// @inheritdoc IConsortiumDirectory
    function assignCompanyPrefix(uint64 gln, string calldata prefix) external onlyAdmin whenNotPaused {
        OrganisationRecord storage org = _requireOrganisation(gln);
        if (org.roles & _roleBit(Role.Manufacturer) == 0) revert DirectoryMissingRole(gln, Role.Manufacturer);
        uint256 key = _prefixKey(prefix);
        uint64 owner_ = _prefixOwners[key];
        if (owner_ != 0) revert DirectoryCompanyPrefixTaken(prefix, owner_);
        // GS1 never allocates a prefix that starts another: either would claim the other's GTINs.
        if (_prefixExtensions[key] != 0) revert DirectoryCompanyPrefixOverlaps(prefix);
        for (uint256 length = MIN_PREFIX_LENGTH; length < bytes(prefix).length; ++length) {
            uint256 shorter = _shorterKey(key, length);
            if (_prefixOwners[shorter] != 0) revert DirectoryCompanyPrefixOverlaps(prefix);
            ++_prefixExtensions[shorter];
        }
        _prefixOwners[key] = gln;
        emit CompanyPrefixAssigned(gln, prefix, msg.sender);
        _chain(abi.encodePacked(CompanyPrefixAssigned.selector, _word(gln), abi.encode(prefix, msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function revokeCompanyPrefix(string calldata prefix) external onlyAdmin whenNotPaused {
        uint256 key = _prefixKey(prefix);
        uint64 gln = _prefixOwners[key];
        if (gln == 0) revert DirectoryUnknownCompanyPrefix(prefix);
        delete _prefixOwners[key];
        for (uint256 length = MIN_PREFIX_LENGTH; length < bytes(prefix).length; ++length) {
            --_prefixExtensions[_shorterKey(key, length)];
        }
        emit CompanyPrefixRevoked(gln, prefix, msg.sender);
        _chain(abi.encodePacked(CompanyPrefixRevoked.selector, _word(gln), abi.encode(prefix, msg.sender)));
    }

    // ===== NETWORK =====

    /// @inheritdoc INetworkRules
    function setOrganisationValidator(uint64 gln, address validator) external onlyAdmin whenNotPaused {
        _requireOrganisation(gln);
        address previous = _setValidator(gln, validator);
        emit OrganisationValidatorChanged(gln, previous, validator, msg.sender);
        _chain(
            abi.encodePacked(
                OrganisationValidatorChanged.selector,
                _word(gln),
                abi.encode(previous, validator, msg.sender)
            )
        );
    }

    // ===== PAUSE =====

    /// @inheritdoc IConsortiumDirectory
    function pause() external {
        if (!isPauser(msg.sender)) revert DirectoryUnauthorisedPause(msg.sender);
        _pause();
        _chain(abi.encodePacked(Paused.selector, abi.encode(msg.sender)));
    }

    /// @inheritdoc IConsortiumDirectory
    function unpause() external onlyAdmin {
        _unpause();
        _chain(abi.encodePacked(Unpaused.selector, abi.encode(msg.sender)));
    }

    // ===== VIEWS =====

    /// @inheritdoc IConsortiumDirectory
    function organisation(uint64 gln) external view returns (Organisation memory) {
        OrganisationRecord storage org = _organisations[gln];
        return Organisation(org.status, org.roles, uint32(_accounts[gln].length()));
    }

    /// @inheritdoc IConsortiumDirectory
    function accountsOf(uint64 gln) external view returns (address[] memory) {
        return _accounts[gln].values();
    }

    /// @inheritdoc IConsortiumDirectory
    function organisationOf(address account) external view returns (uint64) {
        return _memberships[account].gln;
    }

    /// @inheritdoc IConsortiumDirectory
    function member(address account) external view returns (uint64 gln, uint8 roles) {
        Membership memory m = _memberships[account];
        if (m.gln == 0) revert DirectoryUnknownAccount(account);
        if (!m.active) revert DirectoryOrganisationSuspended(m.gln);
        return (m.gln, m.roles);
    }

    /// @inheritdoc IConsortiumDirectory
    function activeRoles(uint64 gln) public view returns (uint8) {
        OrganisationRecord storage org = _organisations[gln];
        return org.status == OrganisationStatus.Active ? org.roles : 0;
    }

    /// @inheritdoc IConsortiumDirectory
    function hasOrganisationRole(uint64 gln, Role role) external view returns (bool) {
        return activeRoles(gln) & _roleBit(role) != 0;
    }

    /// @inheritdoc IConsortiumDirectory
    function companyPrefixOwner(uint64 gtin) external view returns (uint64 gln, uint8 prefixLength) {
        for (uint8 length = MIN_PREFIX_LENGTH; length <= MAX_PREFIX_LENGTH; ++length) {
            gln = _prefixOwners[(uint256(length) << 64) | GS1.prefixDigits(gtin, length)];
            if (gln != 0) return (gln, length);
        }
        return (0, 0);
    }

    /// @inheritdoc IConsortiumDirectory
    function isAdmin(address account) external view returns (bool) {
        return hasRole(DEFAULT_ADMIN_ROLE, account);
    }

    /// @inheritdoc IConsortiumDirectory
    function isPauser(address account) public view returns (bool) {
        return hasRole(DEFAULT_ADMIN_ROLE, account) || hasRole(GUARDIAN_ROLE, account);
    }

    // ===== HOOKS OF THE NETWORK RULES AND VOTES =====

    function _organisationOfAccount(address account) internal view override returns (uint64) {
        return _memberships[account].gln;
    }

    function _mayTransact(address sender) internal view override returns (bool) {
        return _memberships[sender].active || isPauser(sender);
    }

    function _isActive(uint64 gln) internal view override returns (bool) {
        return _organisations[gln].status == OrganisationStatus.Active;
    }

    // ===== LEDGER HEAD FOR OPENZEPPELIN EVENTS =====

    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted) {
            _chain(abi.encodePacked(RoleGranted.selector, role, _word(account), _word(_msgSender())));
        }
    }

    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked) {
            _chain(abi.encodePacked(RoleRevoked.selector, role, _word(account), _word(_msgSender())));
        }
    }

    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        _chainImplicitAdminCancel();
        super._beginDefaultAdminTransfer(newAdmin);
        (, uint48 schedule) = pendingDefaultAdmin();
        _chain(abi.encodePacked(DefaultAdminTransferScheduled.selector, _word(newAdmin), abi.encode(schedule)));
    }

    function _cancelDefaultAdminTransfer() internal override {
        _chainImplicitAdminCancel();
        super._cancelDefaultAdminTransfer();
    }

    function _changeDefaultAdminDelay(uint48 newDelay) internal override {
        _chainImplicitDelayCancel();
        super._changeDefaultAdminDelay(newDelay);
        (, uint48 schedule) = pendingDefaultAdminDelay();
        _chain(abi.encodePacked(DefaultAdminDelayChangeScheduled.selector, abi.encode(newDelay, schedule)));
    }

    function _rollbackDefaultAdminDelay() internal override {
        _chainImplicitDelayCancel();
        super._rollbackDefaultAdminDelay();
    }

    /// @dev OpenZeppelin emits {DefaultAdminTransferCanceled} when it replaces a transfer that is still pending.
    function _chainImplicitAdminCancel() private {
        (, uint48 schedule) = pendingDefaultAdmin();
        if (schedule != 0) _chain(abi.encodePacked(DefaultAdminTransferCanceled.selector));
    }

    /// @dev OpenZeppelin emits {DefaultAdminDelayChangeCanceled} when it replaces a delay change not yet in effect.
    function _chainImplicitDelayCancel() private {
        (, uint48 schedule) = pendingDefaultAdminDelay();
        if (schedule != 0) _chain(abi.encodePacked(DefaultAdminDelayChangeCanceled.selector));
    }

    // ===== INTERNAL =====

    function _emitAccountAdded(uint64 gln, address account) private {
        emit AccountAdded(gln, account, msg.sender);
        _chain(abi.encodePacked(AccountAdded.selector, _word(gln), _word(account), abi.encode(msg.sender)));
    }

    function _bind(uint64 gln, address account) private {
        EnumerableSet.AddressSet storage accounts = _accounts[gln];
        if (accounts.length() == MAX_ACCOUNTS_PER_ORGANISATION) {
            revert DirectoryTooManyAccounts(gln, MAX_ACCOUNTS_PER_ORGANISATION);
        }
        accounts.add(account);
        OrganisationRecord storage org = _organisations[gln];
        _memberships[account] = Membership(gln, org.roles, org.status == OrganisationStatus.Active);
    }

    function _unbind(uint64 gln, address account) private {
        _accounts[gln].remove(account);
        delete _memberships[account];
    }

    /// @dev Copies the organisation's status and roles into each of its account records (at most 16).
    function _syncAccounts(uint64 gln) private {
        OrganisationRecord storage org = _organisations[gln];
        Membership memory m = Membership(gln, org.roles, org.status == OrganisationStatus.Active);
        EnumerableSet.AddressSet storage accounts = _accounts[gln];
        uint256 count = accounts.length();
        for (uint256 i; i < count; ++i) {
            _memberships[accounts.at(i)] = m;
        }
    }

    function _requireOrganisation(uint64 gln) private view returns (OrganisationRecord storage org) {
        org = _organisations[gln];
        if (org.status == OrganisationStatus.None) revert DirectoryUnknownOrganisation(gln);
    }

    function _requireUnbound(address account) private view {
        if (account == address(0)) revert DirectoryZeroAccount();
        uint64 gln = _memberships[account].gln;
        if (gln != 0) revert DirectoryAccountInUse(account, gln);
    }

    function _requireBound(address account) private view returns (uint64 gln) {
        gln = _memberships[account].gln;
        if (gln == 0) revert DirectoryUnknownAccount(account);
    }

    /// @dev The key of the first `length` digits of the prefix with key `key`.
    function _shorterKey(uint256 key, uint256 length) private pure returns (uint256) {
        uint256 fullLength = key >> 64;
        uint256 value = uint64(key) / 10 ** (fullLength - length);
        return (length << 64) | value;
    }

    function _prefixKey(string calldata prefix) private pure returns (uint256) {
        (bool ok, uint64 value) = GS1.parseCompanyPrefix(prefix);
        if (!ok) revert DirectoryInvalidCompanyPrefix(prefix);
        return (uint256(bytes(prefix).length) << 64) | value;
    }

    function _roleBit(Role role) private pure returns (uint8) {
        if (role == Role.None) revert DirectoryInvalidRoles(0);
        return uint8(1 << uint8(role));
    }

    function _word(uint256 value) private pure returns (bytes32) {
        return bytes32(value);
    }

    function _word(address value) private pure returns (bytes32) {
        return bytes32(uint256(uint160(value)));
    }
}
