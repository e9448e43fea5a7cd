/* global window */
import { chromium } from '@playwright/test';
const [url, out, ...steps] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1440), height: Number(process.env.H ?? 900) } });
page.on('console', m => console.log('console:', m.type(), m.text()));
page.on('pageerror', e => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(1500);
for (const s of steps) { if (s.startsWith('click:')) await page.click(s.slice(6)); else if (s.startsWith('wait:')) await page.waitForTimeout(+s.slice(5)); else if (s.startsWith('fill:')) { const [sel, val] = s.slice(5).split('='); await page.fill(sel, val); } else if (s.startsWith('hash:')) { await page.evaluate(h => { window.location.hash = h; }, s.slice(5)); } }
await page.screenshot({ path: out, fullPage: process.env.FULL !== "0" });
await browser.close();
