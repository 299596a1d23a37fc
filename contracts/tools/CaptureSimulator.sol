// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title CaptureSimulator
/// @notice Never deployed. The capture engine places this runtime code at its own signing address through an
/// `eth_call` state override and calls itself, so every inner call runs with `msg.sender` = the signer, in order,
/// against the state the earlier calls left: the chain's own rules decide what a document's transactions would do.
contract CaptureSimulator {
    /// @notice The target and data lists differ in length.
    error CaptureSimulatorLengthMismatch(uint256 targets, uint256 data);

    /// @notice Calls `targets[i]` with `data[i]` in order, continuing after a failed call (its changes undone, as a
    /// reverted transaction's are). Stops early when a call used up the gas of the whole simulation: `executed` then
    /// counts the calls whose results are real.
    /// @return success Whether each call returned without reverting.
    /// @return gasUsed Gas each call used (without the intrinsic cost a transaction adds).
    /// @return returnData What each call returned, or its revert data.
    /// @return executed How many calls ran before the gas ran out (all of them when it did not).
    function run(
        address[] calldata targets,
        bytes[] calldata data
    ) external returns (bool[] memory success, uint256[] memory gasUsed, bytes[] memory returnData, uint256 executed) {
        if (targets.length != data.length) revert CaptureSimulatorLengthMismatch(targets.length, data.length);
        success = new bool[](targets.length);
        gasUsed = new uint256[](targets.length);
        returnData = new bytes[](targets.length);
        for (; executed < targets.length; executed++) {
            uint256 before = gasleft();
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory result) = targets[executed].call(data[executed]);
            uint256 left = gasleft();
            // A call that failed with all but the 1/64 kept back (EIP-150) ran out of the simulation's gas, not its own.
            if (!ok && left < before / 32) break;
            success[executed] = ok;
            gasUsed[executed] = before - left;
            returnData[executed] = result;
        }
    }
}
