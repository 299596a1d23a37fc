// ESLint for the TypeScript sources, tests, scripts, tasks, Ignition modules and the CLI entry point.
// Type-aware rules stay off so that linting is fast and needs no compiled TypeChain bindings.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "typechain-types/",
      "coverage/",
      "reports/",
      "dist/",
      ".sumo/",
      "sumo/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      // GS1 element strings carry the FNC1 group separator (\x1d) on purpose.
      "no-control-regex": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Tests: no exclusive tests, no console output.
    files: ["test/**/*.ts"],
    rules: {
      "no-console": "error",
      // Chai property assertions (`expect(x).to.be.empty`) are expressions.
      "@typescript-eslint/no-unused-expressions": "off",
      "no-restricted-properties": [
        "error",
        { object: "describe", property: "only", message: "No exclusive tests." },
        { object: "it", property: "only", message: "No exclusive tests." },
      ],
    },
  },
  {
    // CommonJS entry points and configuration files.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
