import { expect, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { freePort, preparedServerData, startWebShellProcess, tempDir } from '../fixtures/processes';

/** A web shell on its own data folder, pointed at a server port where nothing listens (offline). */
export async function offlineShell() {
  const dataDir = tempDir('e2e');
  const shell = await startWebShellProcess({ dataDir, serverUrl: `http://127.0.0.1:${await freePort()}` });
  return { ...shell, dataDir };
}

/** Picks an option of an Ant Design Select with the keyboard: focus, type to filter, Enter. */
export async function choose(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/**
 * Picks an option of an Ant Design Select (one without search) by its title, and waits until the
 * select shows it: a click that lands while the dropdown is still opening selects nothing, so
 * the pick is tried again until the select holds the value.
 */
export async function pickOption(page: Page, id: string, title: string): Promise<void> {
  await pickOptionOf(page, page.locator('.ant-select', { has: page.locator(`#${id}`) }), title);
}

/** The same for a Select found otherwise (by its test id): `select` is the `.ant-select` element. */
export async function pickOptionOf(page: Page, select: Locator, title: string): Promise<void> {
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await select.click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click({ timeout: 2_000 });
    await expect(select).toContainText(title, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** A resolved problem's call-back (回访, issue 31) in a follow-up's update `key`: by phone on the visit's day, the firm's verdict. */
export async function callBack(page: Page, key = '0', verdict = '满意'): Promise<void> {
  await choose(page, `update-${key}-callback-how`, '电话');
  await pickDate(page, `update-${key}-callback-on`, await page.locator('#visit-date').inputValue());
  await choose(page, `update-${key}-callback-verdict`, verdict);
}

/** Types a date into an Ant Design DatePicker and confirms it. */
export async function pickDate(page: Page, id: string, date: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

export async function section(page: Page, name: string): Promise<void> {
  await page.getByTestId(`section-${name}`).click();
}

/** Completes the open visit (confirming the dialog) and waits until it is locked. */
export async function completeVisit(page: Page): Promise<void> {
  await page.getByTestId('complete-visit').click();
  const confirm = page.getByTestId('confirm-complete');
  // On a loaded machine a click that lands while the dialog is still zooming open can be
  // lost (seen once in CI). Wait until the dialog is ready — shown, its opening animation
  // over, its button enabled — then press once, and wait for the visit to lock.
  await expect(confirm).toBeEnabled();
  await expect(page.locator('.ant-modal').filter({ has: confirm })).not.toHaveClass(/ant-zoom-(appear|enter)/);
  await confirm.click();
  await expect(page.getByTestId('amend-visit')).toBeVisible({ timeout: 20_000 });
}

/** From the firm directory: opens a patrol (巡链) on the firm, fills it and waits until it is saved. */
export async function fillPatrol(page: Page, firmId: string, answers: { peopleMet: string; summary: string; conclusion: string }): Promise<void> {
  await page.getByTestId(`firm-link-${firmId}`).click();
  await page.getByTestId('start-patrol').click();
  await page.locator('#people-met').fill(answers.peopleMet);
  await page.locator('#summary').fill(answers.summary);
  await page.locator('#conclusion').fill(answers.conclusion);
  await expectSaved(page);
}

/** From the firm directory: a diagnosis (on `visitDate`, else today) with one financing problem and its need, handed to 金融办 that day (交办), completed. */
export async function completeFinancingDiagnosis(page: Page, firmId: string, need: { description: string; amount: string; visitDate?: string }): Promise<void> {
  await page.getByTestId(`firm-link-${firmId}`).click();
  await page.getByTestId('start-diagnosis').click();
  if (need.visitDate) await pickDate(page, 'visit-date', need.visitDate);
  const day = need.visitDate ?? (await page.locator('#visit-date').inputValue());
  await page.locator('#people-0-name').fill('王建国');
  await section(page, 'problems');
  await page.getByTestId('add-problem').click();
  await choose(page, 'problem-0-category', '融资');
  await page.locator('#problem-0-description').fill(need.description);
  await choose(page, 'problem-0-department', '金融办');
  await pickDate(page, 'problem-0-handed', day);
  await section(page, 'financing');
  await page.locator('#financing-amount').fill(need.amount);
  await page.locator('#financing-term').fill('36');
  await section(page, 'conclusion');
  await page.locator('#conclusion').fill('建议召开银企对接会');
  await completeVisit(page);
}

/** On the summary screen: exports the XLSX and reads it. */
export async function exportedSummaryWorkbook(page: Page): Promise<ExcelJS.Workbook> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await (await download).path())!);
  return workbook;
}

/** On the summary screen: exports the XLSX and reads its 汇总 sheet as figure → value. */
export async function exportedSummaryFigures(page: Page): Promise<Map<string, unknown>> {
  const workbook = await exportedSummaryWorkbook(page);
  const figures = new Map<string, unknown>();
  workbook.getWorksheet('汇总')!.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
  return figures;
}

/** The central server's data for one county's team: officer wang and supervisor zhao of 东昌府区, on a free port. */
export async function countyTeam() {
  const port = await freePort();
  const serverData = preparedServerData([
    { username: 'wang', county: '371502' },
    { username: 'zhao', county: '371502', role: 'supervisor' },
  ]);
  return { port, serverUrl: `http://127.0.0.1:${port}`, serverData };
}

/** Signs a web shell in as the given account (the team's password) from the account screen. */
export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('nav-account').click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('correct horse 1');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(username);
}

/** 立即同步 on the header, then wait until nothing waits to be sent. */
export async function syncNow(page: Page): Promise<void> {
  await page.getByRole('banner').getByTestId('sync-now').click();
  await expect(page.getByRole('banner').getByTestId('sync-indicator')).toHaveAttribute('data-waiting', '0');
}

/**
 * A laptop with nothing to send shows data-waiting 0 before its sync has pulled anything: what it
 * receives is waited for as the officer would — sync, open the screen, look — until it is there.
 */
export async function receivedAfterSync(page: Page, url: string, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await syncNow(page);
    await page.goto(url);
    await page.reload();
    await check();
  }).toPass({ timeout: 60_000 });
}
