// Runs before `npm test`: says plainly what a fresh machine is missing.
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `End-to-end tests need Chromium at ${chromium} (Playwright cannot download its own browser here).\n` +
      'Install it with:   sudo apt-get install chromium fonts-noto-cjk\n' +
      'or point CHROMIUM_PATH at another Chromium/Chrome binary.',
  );
  process.exit(1);
}

if (!process.env.XUNLIAN_TEST_DATABASE_URL) {
  console.log(
    'Note: XUNLIAN_TEST_DATABASE_URL is not set, so the server tests run against PGlite only.\n' +
      'For PostgreSQL too:  export XUNLIAN_TEST_DATABASE_URL=$(build/test-postgres.sh start)',
  );
}
