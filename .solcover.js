// solidity-coverage: measure the production contracts only (test doubles and gas anchors are not shipped).
module.exports = {
  skipFiles: ["test/", "interfaces/"],
};
