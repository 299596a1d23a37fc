// solidity-coverage: measure the production contracts only (test doubles, gas anchors and the capture gateway's
// simulator, which runs only as eth_call override code, are not deployed).
module.exports = {
  skipFiles: ["test/", "interfaces/", "tools/"],
};
