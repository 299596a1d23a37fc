import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const here = decodeURIComponent(new URL(".", import.meta.url).pathname);

/**
 * The audit explorer: built into dist/explorer (shipped in the package, served by `udi-ledger serve`). Everything is
 * bundled: no CDN, nothing fetched at run time. No inline script or style, so the page runs under a strict CSP.
 */
export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  build: {
    outDir: decodeURIComponent(new URL("../dist/explorer", import.meta.url).pathname),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    sourcemap: false,
  },
});
