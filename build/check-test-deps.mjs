// Runs before `npm test`: says plainly what a fresh machine is missing.
import { spawnSync } from 'node:child_process';
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

// The report and workbook tests read the exports with Debian's own tools; the HTTPS test makes a certificate with openssl.
const tools = { pdftotext: 'poppler-utils', pdffonts: 'poppler-utils', pdfinfo: 'poppler-utils', soffice: 'libreoffice-calc-nogui', openssl: 'openssl' };
const lacking = Object.entries(tools).filter(([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (lacking.length > 0) {
  console.error(
    `The export tests need ${lacking.map(([tool]) => tool).join(', ')}.\n` +
      `Install them with:   sudo apt-get install ${[...new Set(lacking.map(([, pkg]) => pkg))].join(' ')}`,
  );
  process.exit(1);
}

if (!process.env.XUNLIAN_TEST_DATABASE_URL) {
  console.log(
    'Note: XUNLIAN_TEST_DATABASE_URL is not set, so the server tests run against PGlite only.\n' +
      'For PostgreSQL too:  export XUNLIAN_TEST_DATABASE_URL=$(build/test-postgres.sh start)',
  );
}
