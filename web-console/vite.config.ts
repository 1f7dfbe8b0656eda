import { defineConfig } from 'vite';

// The bundle goes where Maven packs this module's jar from: the gateway serves classpath:/static/.
export default defineConfig({
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    assetsInlineLimit: 0, // no data: URLs: the CSP allows only files from the gateway
    modulePreload: { polyfill: false }, // the polyfill is an inline script; the CSP allows none
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
