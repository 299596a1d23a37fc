// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title Oz721Anchor
/// @notice Gas anchor (never deployed): a plain OpenZeppelin ERC721 with a public mint.
contract Oz721Anchor is ERC721 {
    constructor() ERC721("Anchor", "ANC") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
