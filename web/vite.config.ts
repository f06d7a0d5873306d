import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a local `salescrm serve` (port 8000 by default).
const api = process.env.SALESCRM_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": api } },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    chunkSizeWarningLimit: 1500,
    manifest: true,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // CI runs these beside the Python suite's build on two loaded cores: a jsdom form
    // test that takes 1 s alone took over Vitest's default 5 s there.
    testTimeout: 30_000,
  },
});
