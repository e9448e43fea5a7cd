import { expect, test } from '@playwright/test';
import { freePort, preparedServerData, startCentralServer, startWebShellProcess, tempDir } from '../fixtures/processes';
import { completeFinancingDiagnosis, completeVisit, expectSaved, exportedSummaryWorkbook, pickOption, receivedAfterSync, signIn, syncNow } from './helpers';

test.use({ actionTimeout: 30_000 });

const csv = (rows: string[]) => ({ name: '2026年包联名单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF统一社会信用代码,包联人账号\r\n${rows.join('\r\n')}\r\n`) });

/**
 * Issue 30 with a real server and three web shells at 1366×768: the administrator imports the
 * assignment list (a bad row first: nothing written) and tightens the key firms' cadence; the
 * officer's home screen opens on 我的包联企业 with the key firm due; the officer diagnoses it and
 * raises a financing problem; the supervisor hands the officer's firms over; the new officer's
 * home screen lists the firm with its open problem, and its page shows who had it before and why.
 */
test('包联 and 审核: an imported list reaches the officer’s home screen by cadence; an offline return reaches the officer, the amendment is passed; a handover brings the firm and its open problem to the new officer', async ({ browser }) => {
  test.setTimeout(300_000);
  const port = await freePort();
  const serverUrl = `http://127.0.0.1:${port}`;
  const serverData = preparedServerData([
    { username: 'wang', county: '371502' },
    { username: 'li', county: '371502' },
    { username: 'zhao', county: '371502', role: 'supervisor' },
    { username: 'root', county: null, role: 'admin' },
  ]);
  let server = await startCentralServer({ port, dataDir: serverData });
  const shells = await Promise.all(['wang', 'li', 'bureau'].map((who) => startWebShellProcess({ dataDir: tempDir(`e2e-assign-${who}`), serverUrl })));
  const [shellW, shellL, shellB] = shells as [(typeof shells)[number], (typeof shells)[number], (typeof shells)[number]];
  const viewport = { width: 1366, height: 768 };
  const wang = await browser.newPage({ viewport });
  const li = await browser.newPage({ viewport });
  const bureau = await browser.newPage({ viewport });
  try {
    // The administrator: a list with a wrong account writes nothing and says which row; the right one is applied.
    await signIn(bureau, shellB.url, 'root');
    await bureau.getByTestId('nav-assignments').click();
    await bureau.getByTestId('assignment-file').setInputFiles(csv(['91371502MA3C1B2K52,wang', '91371502MA3D7K9P95,wangg']));
    const report = bureau.getByTestId('assignment-report');
    await expect(report).toContainText('有 1 处错误，未写入');
    await expect(report).toContainText('第 3 行：没有可用账号“wangg”');
    await expect(bureau.getByTestId('assignment-apply')).toHaveCount(0);
    await bureau.getByTestId('assignment-file').setInputFiles(csv(['91371502MA3C1B2K52,wang', '91371502MA3D7K9P95,wang', '91371502MA3M7U4AXP,li']));
    await expect(report).toContainText('共 3 行 · 将变更 3');
    await bureau.getByTestId('assignment-apply').click();
    await expect(report).toContainText('已导入：变更 3 家企业的包联专员');
    await expect(bureau.getByTestId('assignment-officers')).toContainText('wang');
    // Key firms every 7 days: a key firm never visited since it was assigned today is due within the week.
    await bureau.locator('#cadence_key').fill('7');
    await bureau.getByTestId('cadence-save').click();
    await expect(bureau.getByText('已保存，笔记本在下次同步时更新')).toBeVisible();
    await bureau.screenshot({ path: 'test-results/assignments-admin.png' });

    // The officer's home screen opens on 我的包联企业: the key firm first, due within 7 days.
    await signIn(wang, shellW.url, 'wang');
    await receivedAfterSync(wang, shellW.url, () => expect(wang.getByTestId('mine-table')).toContainText('聊城预拌混凝土有限公司', { timeout: 2_000 }));
    await expect(wang.getByTestId('due-demo-01')).toHaveAttribute('data-state', 'dueSoon');
    await expect(wang.getByTestId('due-demo-01')).toContainText('7 天内到期');
    await expect(wang.getByTestId('due-demo-02')).toHaveAttribute('data-state', 'dueSoon');
    await expect(wang.getByTestId('my-assigned-firms')).toContainText('共 2 家 · 逾期 0 · 7 天内到期 2');
    await wang.screenshot({ path: 'test-results/assignments-home.png' });
    // The directory is one tab away.
    await wang.getByTestId('tab-all').click();
    await expect(wang.getByTestId('firm-table')).toBeVisible();

    // The officer diagnoses the firm and raises a financing problem.
    await completeFinancingDiagnosis(wang, 'demo-01', { description: '新生产线设备贷款尚未落实', amount: '2000' });
    await syncNow(wang);
    await wang.getByTestId('nav-firms').click();
    await wang.getByTestId('tab-mine').click();
    // Visited today: counted from today's visit (a weekly cadence keeps a key firm within its last week).
    await expect(wang.getByTestId('mine-table').locator('tr', { hasText: '聊城预拌混凝土有限公司' })).toContainText('今天');

    // The supervisor finds the visit awaiting review after a sync; the network goes, and it is returned with a reason all the same.
    await bureau.getByTestId('nav-account').click();
    await bureau.getByTestId('sign-out').click();
    await signIn(bureau, shellB.url, 'zhao');
    await syncNow(bureau);
    await bureau.getByTestId('nav-visits').click();
    const awaiting = bureau.getByTestId('visit-table').locator('[data-review="unreviewed"]');
    await expect(awaiting).toHaveCount(1);
    await expect(bureau.getByTestId('pass-all')).toContainText('全部通过（1 条待审核）');
    await bureau.getByTestId('visit-table').locator('[data-testid^="open-"]').first().click();
    await expect(bureau.getByTestId('review-state')).toHaveText('待审核');
    // The supervisor's copy is read-only: no 修订 here, a return is how it gets corrected.
    await expect(bureau.getByTestId('locked-note')).toContainText('同步副本（只读）');
    await expect(bureau.getByTestId('amend-visit')).toHaveCount(0);
    await server.stop();
    await bureau.getByTestId('review-return').click();
    await bureau.getByTestId('review-comment-input').fill('请补充贷款的期限和用途');
    await bureau.getByTestId('review-ok').click();
    await expect(bureau.getByTestId('review-waiting')).toContainText('本机待发送：退回');
    await bureau.screenshot({ path: 'test-results/review-offline.png' });
    server = await startCentralServer({ port, dataDir: serverData });
    await syncNow(bureau);
    await bureau.reload();
    await expect(bureau.getByTestId('review-state')).toHaveText('退回·需修改');

    // The officer reads it on the home screen after a sync — no phone call — and amends the visit from there.
    await receivedAfterSync(wang, shellW.url, () => expect(wang.getByTestId('to-revise')).toContainText('请补充贷款的期限和用途', { timeout: 2_000 }));
    await wang.screenshot({ path: 'test-results/review-returned-home.png' });
    await wang.getByTestId('to-revise').locator('[data-testid^="revise-"]').click();
    await expect(wang.getByTestId('review-comment')).toContainText('zhao');
    await wang.getByTestId('amend-visit').click();
    await wang.getByTestId('confirm-amend').click();
    await wang.getByTestId('section-conclusion').click();
    await wang.locator('#conclusion').fill('已补充：设备贷款 2000 万元，期限三年，用于新生产线');
    await expectSaved(wang);
    await completeVisit(wang);
    await expect(wang.getByTestId('review-state')).toHaveText('已修改待复核');
    await syncNow(wang);

    // The supervisor's next sync: 已修改待复核; this time it passes, and the officer's home screen is clear.
    await syncNow(bureau);
    await bureau.reload();
    await expect(bureau.getByTestId('review-state')).toHaveText('已修改待复核');
    await bureau.getByTestId('review-pass').click();
    await bureau.getByTestId('review-ok').click();
    await expect(bureau.getByTestId('review-state')).toHaveText('已通过');
    await receivedAfterSync(wang, shellW.url, () => expect(wang.getByTestId('to-revise')).toHaveCount(0, { timeout: 2_000 }));
    await wang.getByTestId('nav-visits').click();
    await expect(wang.getByTestId('visit-table').locator('[data-review="passed"]')).toHaveCount(1);

    // The summary counts passed visits only when asked, and 包联 coverage at the period's end; the workbook says the visit passed.
    await bureau.getByTestId('nav-summary').click();
    await bureau.getByTestId('summary-passed-only').click();
    await expect(bureau.getByTestId('figure-visits')).toContainText('1');
    await expect(bureau.getByTestId('figure-assigned')).toContainText('3');
    await expect(bureau.getByTestId('coverage-by-officer')).toContainText('wang');
    await bureau.getByTestId('summary-coverage').screenshot({ path: 'test-results/summary-coverage.png' });
    const workbook = await exportedSummaryWorkbook(bureau);
    const figures = new Map<string, unknown>();
    workbook.getWorksheet('汇总')!.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get('统计范围')).toBe('仅审核通过的走访');
    expect(figures.get('包联企业数（截至期末）')).toBe(3);
    expect(figures.get('按包联专员：wang 包联企业数')).toBe(2);
    const visitSheet = workbook.getWorksheet('走访')!;
    expect(visitSheet.getRow(2).getCell(visitSheet.getRow(1).cellCount).value).toBe('已通过');

    // The supervisor hands all of wang's firms over to li, with a reason.
    await bureau.getByTestId('nav-assignments').click();
    await expect(bureau.locator('#cadence_key')).toBeDisabled(); // a supervisor reads the cadence
    await bureau.getByTestId('handover-wang').click();
    await pickOption(bureau, 'assign_to', 'li · 包联企业 1');
    await bureau.getByTestId('assign-reason').fill('王专员调岗');
    await bureau.getByTestId('assign-ok').click();
    await expect(bureau.getByText('已变更 2 家企业的包联专员')).toBeVisible();

    // li's home screen: three firms now, the diagnosed one with its open problem; its page names who had it and why.
    await signIn(li, shellL.url, 'li');
    await receivedAfterSync(li, shellL.url, () => expect(li.getByTestId('mine-table').locator('tbody tr.ant-table-row')).toHaveCount(3, { timeout: 2_000 }));
    const row = li.getByTestId('mine-table').locator('tr', { hasText: '聊城预拌混凝土有限公司' });
    await expect(row).toContainText('1'); // the open problem travelled with the firm
    await expect(row).toContainText('今天'); // and wang's visit today counts: li's due date runs from it
    await expect(li.getByTestId('due-demo-10')).toHaveAttribute('data-state', 'onTrack'); // a cultivated firm never visited: 60 days from its assignment
    await li.getByTestId('mine-link-demo-01').click();
    await expect(li.getByTestId('firm-problems')).toContainText('新生产线设备贷款尚未落实');
    await expect(li.getByTestId('officer-name')).toContainText('li');
    await expect(li.getByTestId('officer-history')).toContainText('wang → li');
    await expect(li.getByTestId('officer-history')).toContainText('王专员调岗');
    await li.screenshot({ path: 'test-results/assignments-firm-page.png', fullPage: true });
  } finally {
    await Promise.all([wang.close(), li.close(), bureau.close()]);
    await Promise.all(shells.map((s) => s.stop()));
    await server.stop();
  }
});
