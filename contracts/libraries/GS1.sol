// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title GS1
/// @notice Validation of GS1 keys (GTIN-14, GLN, SSCC) and GS1 character set 82 strings, as used by every registry.
/// @dev Keys are carried as integers: a GTIN-14 below 10^14, a GLN below 10^13, an SSCC below 10^18. Leading zeros
/// are implied by the fixed length. The check digit is the GS1 mod-10 digit (weights 3,1,3,1… from the right).
library GS1 {
    uint8 internal constant GTIN_DIGITS = 14;
    uint8 internal constant GLN_DIGITS = 13;
    uint8 internal constant SSCC_DIGITS = 18;

    /// @dev Longest serial number or lot number (AI 21 and AI 10 are X..20).
    uint256 internal constant MAX_ATTRIBUTE_LENGTH = 20;

    /// @dev Bit c is set when byte c is in GS1 character set 82: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z.
    uint256 private constant CS82_MASK = 0x7fffffe87fffffeffffffe600000000;

    /// @notice True when `gtin` is a GTIN-14 (≤ 14 digits) with a correct check digit (and not zero).
    function isGtin(uint64 gtin) internal pure returns (bool) {
        return gtin != 0 && _hasCheckDigit(gtin, GTIN_DIGITS);
    }

    /// @notice True when `gln` is a 13-digit GLN with a correct check digit (and not zero).
    function isGln(uint64 gln) internal pure returns (bool) {
        return gln != 0 && _hasCheckDigit(gln, GLN_DIGITS);
    }

    /// @notice True when `sscc` is an 18-digit SSCC with a correct check digit (and not zero).
    function isSscc(uint64 sscc) internal pure returns (bool) {
        return sscc != 0 && _hasCheckDigit(sscc, SSCC_DIGITS);
    }

    /// @notice True when `value` is 1 to 20 characters of GS1 character set 82 (a serial or lot number).
    function isAttribute(string calldata value) internal pure returns (bool) {
        bytes calldata b = bytes(value);
        uint256 length = b.length;
        if (length == 0 || length > MAX_ATTRIBUTE_LENGTH) return false;
        // One 32-byte read covers the whole value (≤ 20 bytes); bytes past `length` are never inspected.
        bytes32 word = bytes32(b[0:length]);
        unchecked {
            for (uint256 i; i < length; ++i) {
                if ((CS82_MASK >> uint8(word[i])) & 1 == 0) return false;
            }
        }
        return true;
    }

    /// @notice Parses a GS1 company prefix of 4 to 12 decimal digits; `ok` is false for anything else.
    function parseCompanyPrefix(string calldata prefix) internal pure returns (bool ok, uint64 value) {
        bytes calldata b = bytes(prefix);
        if (b.length < 4 || b.length > 12) return (false, 0);
        for (uint256 i; i < b.length; ++i) {
            uint8 c = uint8(b[i]);
            if (c < 0x30 || c > 0x39) return (false, 0);
            value = value * 10 + (c - 0x30);
        }
        return (true, value);
    }

    /// @notice The `length` digits of a GTIN-14 that follow its indicator digit (where a company prefix sits).
    function prefixDigits(uint64 gtin, uint8 length) internal pure returns (uint64) {
        return (gtin % 1e13) / uint64(10 ** (13 - length));
    }

    function _hasCheckDigit(uint64 key, uint8 digits) private pure returns (bool) {
        if (key >= 10 ** digits) return false;
        uint64 body = key / 10;
        uint256 sum;
        for (uint256 i; i < digits - 1; ++i) {
            uint256 digit = body % 10;
            sum += (i % 2 == 0) ? digit * 3 : digit;
            body /= 10;
        }
        return (10 - (sum % 10)) % 10 == key % 10;
    }
}
