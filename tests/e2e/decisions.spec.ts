import { expect, test } from '@playwright/test';
import { fillPatrol, offlineShell } from './helpers';

/**
 * Issue 25: nothing typed is thrown away without a question, Enter never saves a whole firm, and a
 * draft started by mistake can be discarded (after a question) — never a completed visit.
 */
test('leaving an unsaved firm asks, Enter saves nothing, a mistaken draft can be discarded', async ({ page }) => {
  test.setTimeout(120_000);
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    await page.getByTestId('add-firm').click();
    const name = page.getByTestId('firm-name-input');
    await name.fill('聊城某新建材有限公司');
    // Enter in a field confirms the field, not the firm: no save is tried (it would name the missing fields).
    await name.press('Enter');
    await expect(page.locator('.ant-form-item-explain-error')).toHaveCount(0);
    await expect(page).toHaveURL(/#\/firm\/new|#\/firmEdit|firm-edit|new/);

    // 返回 with something typed asks; staying keeps it.
    await page.getByTestId('firm-form-back').click();
    await expect(page.getByRole('dialog')).toContainText('离开而不保存？');
    await page.getByRole('dialog').getByRole('button', { name: '继续填写' }).click();
    await expect(name).toHaveValue('聊城某新建材有限公司');
    await page.getByTestId('firm-form-back').click();
    await page.getByTestId('confirm-leave').click();
    await expect(page.getByTestId('firm-table')).toBeVisible();

    // A patrol started on the wrong firm: discarded after a question, gone from the list.
    await fillPatrol(page, 'demo-02', { peopleMet: '错开的企业', summary: '走错了', conclusion: '无' });
    const visitId = /#\/visit\/([^/]+)/.exec(page.url())![1]!;
    await page.getByTestId('discard-draft').click();
    await expect(page.getByRole('dialog')).toContainText('放弃这份草稿？');
    await page.getByTestId('confirm-discard').click();
    await expect(page.getByTestId('visit-table')).toBeVisible();
    await expect(page.getByTestId(`open-${visitId}`)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('visit-table')).toBeVisible();
    await expect(page.getByTestId(`open-${visitId}`)).toHaveCount(0);
  } finally {
    await shell.stop();
  }
});

test('numbers and long texts stay as typed and say what is wrong, with the limit', async ({ page }) => {
  test.setTimeout(120_000);
  const shell = await offlineShell();
  try {
    await page.goto(shell.url);
    await page.getByTestId('firm-link-demo-03').click();
    await page.getByTestId('start-diagnosis').click();
    await page.getByTestId('section-operations').click();
    const capacity = page.getByTestId('operations-capacity');
    await capacity.fill('150');
    await capacity.blur();
    await expect(capacity).toHaveValue('150');
    await expect(page.getByText('不能大于 100')).toBeVisible();
    await capacity.fill('-5');
    await capacity.blur();
    await expect(capacity).toHaveValue('-5');
    await expect(page.getByText('不能小于 0')).toBeVisible();
    const employees = page.getByTestId('operations-employees');
    await employees.fill('3.5');
    await employees.blur();
    await expect(employees).toHaveValue('3.5');
    await expect(page.getByText('须为整数')).toBeVisible();

    await page.getByTestId('nav-firms').click();
    await page.getByTestId('add-firm').click();
    const name = page.getByTestId('firm-name-input');
    await name.fill('聊'.repeat(105)); // a paste over the 100-character limit is kept, not cut
    await expect(name).toHaveValue('聊'.repeat(105));
    await expect(page.getByText('最多 100 个字，现有 105 个字')).toBeVisible();
    // A credit code says what is wrong while it is typed: the count, then the letter never used, by place.
    const code = page.getByTestId('credit-code');
    await code.fill('913715');
    await expect(page.getByTestId('credit-code-typing')).toHaveText('已输入 6 位，统一社会信用代码共 18 位');
    await code.fill('91371502ma3c1b2ko2');
    await expect(code).toHaveValue('91371502MA3C1B2KO2');
    await expect(page.getByTestId('credit-code-typing')).toContainText('第 17 位的“O”不能用在统一社会信用代码中');
  } finally {
    await shell.stop();
  }
});
