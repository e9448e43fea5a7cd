import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AccountError, checkNewAccount, ROLES, type Role } from './store/account-store';
import { AccountAdmin, knownCounties } from './accounts/account-admin';
import { auditAlone, operatorActor } from './audit/audit-log';
import { AuditArchiveError, archiveAudit, retentionDays } from './audit/audit-archive';
import { verifyChain } from './audit/audit-verify';
import { AppRoleError, grantAppRole } from './audit/app-role';
import { openServerStores } from './store/open';
import type { RegisterReport } from '../shared/api/register';
import { importRegister } from './register/import';
import { RegisterFileError } from './register/read-file';
import { registerTemplate, TEMPLATE_FILE_NAME } from './register/template';
import { ForbiddenWrite } from './routes/visits';
import { zhCN } from '../shared/i18n/zh-CN';
import { importTransfer, TransferError } from './transfer-import';
import { readFileSync, writeFileSync } from 'node:fs';
import { ReleaseError } from './releases/release-store';
import { liftLockout } from './rate-limit';
import { publish, releaseKeygen, releaseSign } from './releases/release-commands';
import { recoveryKeygen, RecoveryKeyError } from './recovery/recovery-keygen';
import { BackupError, backupServer, restoreServer, type StoreTarget } from './backup';
import { seedDirectory } from './register/seed-directory';
import { MAINTAINED_KINDS, type MaintainedKind } from '../shared/api/reference-lists';
import { importReferenceList, ReferenceFileError, referenceList, unmatchedBanks } from './reference/reference-lists';
import { EliminatedListError, eliminatedList, importEliminated, readEliminatedFile, setEliminatedActive } from './eliminated';

const USAGE = `Xunlian server administration (same DATABASE_URL / XUNLIAN_SERVER_DATA as the server):

  npm run server:admin -- create-user --username NAME --name 显示名 --role officer|supervisor|admin|auditor [--county 371502 ...] [--password-file F]
  npm run server:admin -- set-scope --username NAME (--county 371502 ... | --whole-city | --none)
  npm run server:admin -- set-role --username NAME --role officer|supervisor|admin   (an auditor keeps its role)
  npm run server:admin -- disable-user --username NAME      (enable-user to undo); its devices are signed out
  npm run server:admin -- list-users                     role, counties, state, last seen of every account
  npm run server:admin -- reset-password --username NAME [--password-file F]
  npm run server:admin -- unlock --username NAME      lift a sign-in lock-out before its 5 minutes are up
  npm run server:admin -- reset-totp --username NAME  remove a user's second factor (a lost phone); it is set up again at the next sign-in where required
  npm run server:admin -- revoke-devices --username NAME
  npm run server:admin -- seed-directory       load the demo firms and the reference lists into the directory
  npm run server:admin -- import-transfer --file F.xlt [--receipt R.xlr]
                                               import a laptop's transfer file; write the receipt to carry back
  npm run server:admin -- register-template --out 模板.xlsx      the workbook to fill with the bureau's firm list
  npm run server:admin -- import-register --file 名录.xlsx [--apply]
                                               XLSX or CSV (UTF-8 or GB18030): a row-by-row dry run; with
                                               --apply, written in one transaction when no row has an error

  npm run server:admin -- reference-list --kind bank|department
  npm run server:admin -- reference-import --kind bank|department --file 银行目录.csv [--apply --source "聊城市金融办 2026 年银行名录"]
                                               the bureau's list (columns 编码, 名称, 分组, 别名 — short names of a bank
                                               separated by 、): a dry run; with --apply and a source, written when no row
                                               has an error; entries not in the file are withdrawn; laptops get it next sync
  npm run server:admin -- reference-unmatched   bank names typed on financing steps that no bank or short name matches

  npm run server:admin -- eliminated-list      the eliminated/restricted building-materials list laptops get
  npm run server:admin -- eliminated-import --file 淘汰目录.json [--apply]
                                               add or replace entries (by code), each with its source and
                                               date: a dry run; with --apply, written when no entry has an error
  npm run server:admin -- eliminated-withdraw --code CODE   (eliminated-restore --code CODE to undo)

  npm run server:admin -- recovery-key --out DIR            on the information office's machine, once: the bureau's
                                               recovery key (DIR/xunlian-recovery-key.json, kept offline) and the
                                               public half to set as XUNLIAN_RECOVERY_PUBLIC_KEY on the server;
                                               opens a laptop whose own keys are lost (README: encryption at rest)

  npm run server:admin -- release-keygen --out DIR          on the release manager's machine, once: the bureau's
                                               release key (DIR/release-key.private.json, kept off the server) and
                                               DIR/release-keys.json (its public half, for the server and the app)
  npm run server:admin -- release-sign --file Xunlian-0.2.0-x64.exe --key release-key.private.json [--channel stable] [--version 0.2.0]
                                               on the same machine: writes the signed manifest beside the installer
  npm run server:admin -- publish-release --file Xunlian-0.2.0-x64.exe [--channel stable] [--percentage 20] [--manifest F]
                                               an installer (.exe, .AppImage, .deb), its .blockmap and its signed
                                               manifest, checked against XUNLIAN_RELEASE_KEYS, offered to laptops
                                               from /updates/<channel>/ (XUNLIAN_RELEASES_DIR, default
                                               ./server-releases); the version is the manifest's; --percentage stages

  npm run server:admin -- audit-verify                   walk the audit log's sealed chain; names the first row
                                               changed, removed or inserted (exit 1), or says it holds
  npm run server:admin -- audit-archive --out F.jsonl    rows older than the retention period (XUNLIAN_AUDIT_RETENTION_DAYS,
                                               at least 180) to a file, then removed — run as the database's
                                               owner; a row naming the range and the file's SHA-256 stays

  npm run server:admin -- grant-app-role --role xunlian_app   (PostgreSQL, as the tables' owner) what the server's
                                               own role may do: everything, but on the audit log only read, append
                                               and seal — run the server as that role (see the README)

  npm run server:admin -- backup --out xunlian-2026-11-28.backup [--passphrase-file F]
  npm run server:admin -- restore --file xunlian-2026-11-28.backup [--passphrase-file F]
                                               the whole database, attachments included (PostgreSQL: pg_dump
                                               custom format; PGlite: stop the server first). Encrypted when a
                                               passphrase is given (--passphrase-file or XUNLIAN_BACKUP_PASSPHRASE).
                                               Restore replaces the database (PGlite keeps the old folder aside).

The password is read from --password-file F or standard input (first line: type it, or pipe it),
never from the command line, where shell history and ps would keep it.
--county may be repeated; without it the account sees the whole city.`;


async function readPassword(fromArgument: string | undefined, file: string | undefined): Promise<string> {
  if (fromArgument !== undefined) throw new AccountError('Passwords never go on the command line (shell history and `ps` keep them): type it at the prompt, pipe it on standard input, or give --password-file F.');
  if (file) return readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

/** A reference-list finding in the bureau's words (the zh-CN catalogue). */
function sayReference(key: string, value: string): string {
  return ((zhCN.referenceLists.problem as Record<string, string>)[key] ?? key).replace('{{value}}', value);
}

/** A finding in the bureau's words (the zh-CN catalogue), for the terminal. */
function say(code: string, value?: string): string {
  const [, group, key] = code.split('.');
  const text = (zhCN.register as Record<string, Record<string, string>>)[group ?? '']?.[key ?? ''] ?? code;
  return text.replace('{{value}}', value ?? '');
}

function printRegisterReport(report: RegisterReport): void {
  const c = report.counts;
  console.log(`${report.applied ? '已导入' : '试导入（未写入）'}：共 ${c.rows} 行 · 新增 ${c.new} · 有变化 ${c.changed} · 无变化 ${c.unchanged} · 有错误 ${c.errors} · 有提示 ${c.warnings}`);
  if (report.ignoredHeaders.length) console.log(`未使用的列：${report.ignoredHeaders.join('、')}`);
  for (const r of report.rows.filter((row) => row.errors.length || row.warnings.length || row.changes.length).slice(0, 200)) {
    const notes = [...r.errors.map((f) => `错误：${say(f.code, f.value)}`), ...r.warnings.map((f) => `提示：${say(f.code, f.value)}`), ...(r.changes.length ? [`变化：${r.changes.join('、')}`] : [])];
    console.log(`第 ${r.row} 行 ${r.name || '—'}（${r.creditCode || '—'}）：${notes.join('；')}`);
  }
  if (!report.applied && c.errors === 0) console.log('没有错误。加上 --apply 即可导入。');
}

async function backupOrRestore(command: 'backup' | 'restore', values: { out?: string; file?: string; 'passphrase-file'?: string }): Promise<number> {
  const env = process.env;
  const target: StoreTarget = env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(env.XUNLIAN_SERVER_DATA ?? 'server-data') };
  const passphraseFile = values['passphrase-file'];
  const passphrase = passphraseFile ? readFileSync(passphraseFile, 'utf8').split(/\r?\n/)[0] : env.XUNLIAN_BACKUP_PASSPHRASE || undefined;
  if (command === 'backup') {
    if (!values.out) throw new BackupError('backup needs --out FILE.');
    const { bytes, encrypted } = await backupServer(target, resolve(values.out), passphrase);
    await auditOnce({ action: 'server.backup', object: basename(values.out), detail: { megabytes: Math.round(bytes / 1048576), encrypted } });
    console.log(`已备份 Backed up the ${target.kind} store to ${values.out} (${(bytes / 1048576).toFixed(1)} MB, ${encrypted ? 'encrypted' : 'NOT encrypted: give a passphrase to encrypt'}). The receipt key file is not in it: back it up apart.`);
  } else {
    if (!values.file) throw new BackupError('restore needs --file FILE.');
    const { keptAside } = await restoreServer(target, resolve(values.file), passphrase);
    // The restored log continues with a row saying what was restored (its own chain carries on).
    await auditOnce({ action: 'server.restore', object: basename(values.file), detail: { kind: target.kind, encrypted: passphrase !== undefined } });
    console.log(`已恢复 Restored ${values.file} into the ${target.kind} store.${keptAside ? ` The previous data folder is kept as ${keptAside}.` : ''} Start the server: it brings the schema up to date.`);
  }
  return 0;
}

/** A row of its own for a command that works outside the database (a backup, a restore, a release): written after it succeeded. */
async function auditOnce(entry: Parameters<typeof auditAlone>[2]): Promise<void> {
  const stores = await openServerStores(process.env, resolve('server-data'));
  try {
    await auditAlone(stores.client, operatorActor(), entry);
  } finally {
    await stores.client.close();
  }
}

/** A failure the operator can act on is said in its own words; anything else as a failure with its message. */
function reportFailure(error: unknown): number {
  const known = [AccountError, TransferError, ForbiddenWrite, RegisterFileError, ReleaseError, RecoveryKeyError, BackupError, EliminatedListError, AuditArchiveError, AppRoleError, ReferenceFileError].some((kind) => error instanceof kind);
  console.error(known ? (error as Error).message : `Failed: ${(error as Error).message}`);
  return 1;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { kind: { type: 'string' }, source: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, county: { type: 'string', multiple: true }, 'whole-city': { type: 'boolean' }, none: { type: 'boolean' }, password: { type: 'string' }, 'password-file': { type: 'string' }, file: { type: 'string' }, receipt: { type: 'string' }, out: { type: 'string' }, apply: { type: 'boolean' }, channel: { type: 'string' }, percentage: { type: 'string' }, version: { type: 'string' }, 'passphrase-file': { type: 'string' }, code: { type: 'string' }, key: { type: 'string' }, manifest: { type: 'string' } },
  });
  if (!command || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  process.umask(0o077); // like the server: its files are for its own user only
  // These need no open store (a PGlite backup must open the data folder itself).
  const storeless: Record<string, () => Promise<number>> = {
    'publish-release': async () => {
      const code = await publish(values);
      if (code === 0) await auditOnce({ action: 'release.published', object: basename(values.file ?? ''), detail: { channel: values.channel ?? 'stable', percentage: values.percentage ?? '100' } });
      return code;
    },
    'release-keygen': () => releaseKeygen(values),
    'recovery-key': () => recoveryKeygen(values),
    'release-sign': () => releaseSign(values),
    backup: () => backupOrRestore('backup', values),
    restore: () => backupOrRestore('restore', values),
  };
  if (storeless[command]) {
    try {
      return await storeless[command]();
    } catch (error) {
      return reportFailure(error);
    }
  }
  // What the command line says is checked before the store opens (opening PGlite takes seconds):
  // a mistyped county or a refused password is answered at once, and nothing is opened for it.
  let password = '';
  try {
    if (command === 'create-user') {
      if (!values.username || !ROLES.includes(values.role as Role)) throw new AccountError(`--username and --role ${ROLES.join('|')} are required.`);
      knownCounties(values.county ?? []);
      password = await readPassword(values.password, values['password-file']);
      checkNewAccount(values.username, password);
    } else if (command === 'reset-password') {
      if (!values.username) throw new AccountError('--username is required.');
      password = await readPassword(values.password, values['password-file']);
    }
  } catch (error) {
    return reportFailure(error);
  }
  const stores = await openServerStores(process.env, resolve('server-data'));
  const admin = new AccountAdmin(stores.client, stores.accounts, stores.totp, stores.passwordMaxAgeDays);
  const actor = operatorActor();
  const username = () => {
    if (!values.username) throw new AccountError('--username is required.');
    return values.username;
  };
  try {
    switch (command) {
      case 'create-user': {
        const role = values.role as Role;
        const counties = knownCounties(values.county ?? []);
        await admin.create(actor, { username: username(), displayName: values.name ?? username(), role, counties: counties.length ? (counties as never) : null, password });
        console.log(`Created ${role} ${values.username}${counties.length ? ` for ${counties.join(', ')}` : ' for the whole city'}.`);
        return 0;
      }
      case 'set-scope': {
        const choices = [values.county !== undefined, values['whole-city'] === true, values.none === true].filter(Boolean).length;
        if (choices !== 1) throw new AccountError('Give exactly one of --county (repeatable), --whole-city or --none.');
        const scope = values['whole-city'] ? null : values.none ? [] : knownCounties(values.county!);
        await admin.change(actor, username(), { change: 'scope', counties: scope as never }, null);
        console.log(`${values.username} now sees ${scope === null ? 'the whole city' : scope.length ? scope.join(', ') : 'no county (asks the administrator when pulling)'}.`);
        return 0;
      }
      case 'set-role': {
        const role = values.role as 'officer' | 'supervisor' | 'admin';
        if (!['officer', 'supervisor', 'admin'].includes(role)) throw new AccountError('--role officer|supervisor|admin is required (an auditor is created as one and stays one).');
        await admin.change(actor, username(), { change: 'role', role }, null);
        console.log(`${values.username} is now ${role}; its devices are signed out.`);
        return 0;
      }
      case 'disable-user':
      case 'enable-user':
        await admin.change(actor, username(), { change: command === 'disable-user' ? 'disable' : 'enable' }, null);
        console.log(`${values.username} ${command === 'disable-user' ? 'disabled; its devices are signed out' : 'enabled'}.`);
        return 0;
      case 'list-users':
        for (const a of await admin.list())
          console.log(`${a.username.padEnd(20)} ${a.role.padEnd(10)} ${(a.counties === null ? 'whole city' : a.counties.join(',') || '—').padEnd(30)} ${[a.disabled ? 'disabled' : 'active', a.locked ? 'locked' : '', a.passwordChange ?? ''].filter(Boolean).join(' ')} last seen ${a.lastSeenAt ?? 'never'}`);
        return 0;
      case 'reset-password':
        await admin.change(actor, username(), { change: 'resetPassword', password }, null);
        console.log(`Password of ${values.username} reset; its devices are signed out.`);
        return 0;
      case 'unlock': {
        const lifted = await liftLockout(stores.client, username());
        if (lifted) await admin.change(actor, username(), { change: 'unlock' }, null);
        console.log(lifted ? `Lifted the sign-in lock-out of ${values.username} (${lifted} address(es)).` : `${values.username} was not locked out.`);
        return 0;
      }
      case 'reset-totp':
        await admin.change(actor, username(), { change: 'resetTotp' }, null);
        console.log(`Removed the second factor of ${values.username}; its devices are signed out.`);
        return 0;
      case 'revoke-devices': {
        const revoked = await stores.accounts.revokeAll(username(), (tx) => auditAlone(tx, actor, { action: 'device.revoked', object: values.username!, detail: { all: true } }));
        console.log(`Revoked ${revoked} device(s) of ${values.username}.`);
        return 0;
      }
      case 'audit-verify': {
        await stores.auditSealer.sealNow();
        const verdict = await verifyChain(stores.client, stores.auditKey);
        if (verdict.ok) {
          console.log(`审计日志完整 The audit log holds: ${verdict.rows} sealed row(s), none changed, removed or inserted${verdict.unsealed ? `; ${verdict.unsealed} row(s) still being sealed` : ''}.`);
          return 0;
        }
        console.log(`审计日志被改动 The audit log was tampered with: ${verdict.message}`);
        return 1;
      }
      case 'reference-list':
      case 'reference-import': {
        const kind = values.kind as MaintainedKind;
        if (!(MAINTAINED_KINDS as readonly string[]).includes(kind)) throw new ReferenceFileError(`--kind ${MAINTAINED_KINDS.join('|')} is required.`);
        if (command === 'reference-list') {
          for (const i of await referenceList(stores.directory, kind)) console.log(`${i.active ? '' : '[已撤销 withdrawn] '}${i.code}  ${i.name}  ${i.group}${i.aliases.length ? `  别名：${i.aliases.join('、')}` : ''}`);
          return 0;
        }
        if (!values.file) throw new ReferenceFileError('--file F.csv is required (columns 编码, 名称, 分组, 别名).');
        const report = await importReferenceList(stores.directory, kind, readFileSync(values.file), { apply: values.apply === true, source: values.source ?? '', actor });
        for (const e of report.errors) console.log(`第 ${e.row} 行：${sayReference(e.key, e.value)}`);
        const c = report.counts;
        console.log(`${report.applied ? '已导入' : '试导入（未写入）'}：共 ${c.rows} 条 · 新增 ${c.added} · 有变化 ${c.changed} · 撤销 ${c.withdrawn} · 无变化 ${c.unchanged}`);
        if (!report.applied && !report.errors.length) console.log('没有错误。加上 --apply --source "来源（文件或文号）" 即可导入。');
        return report.errors.length ? 1 : 0;
      }
      case 'reference-unmatched':
        for (const u of await unmatchedBanks(stores.client, stores.directory)) console.log(`${u.name}  （${u.steps} 条记录）`);
        return 0;
      case 'grant-app-role': {
        if (!values.role) throw new AppRoleError('--role NAME is required.');
        await grantAppRole(stores.client, values.role);
        console.log(`Granted ${values.role} what the server needs; on audit_log it may read, append and seal only. Run the server with a DATABASE_URL of that role.`);
        return 0;
      }
      case 'audit-archive': {
        if (!values.out) throw new AuditArchiveError('--out FILE is required (the archive is written there, then the rows are removed).');
        const days = retentionDays(process.env.XUNLIAN_AUDIT_RETENTION_DAYS);
        const result = await archiveAudit(stores.client, stores.auditKey, actor, { days, out: resolve(values.out) });
        console.log(result.rows ? `Archived rows #${result.fromNo}–#${result.toNo} (${result.rows}) older than ${days} days to ${values.out} (SHA-256 ${result.sha256}); they are removed from the log, and a row names them.` : `No row is older than ${days} days: nothing archived.`);
        return 0;
      }
      case 'seed-directory': {
        await seedDirectory(stores.directory, actor);
        console.log('Directory seeded with the demo firms and the reference lists.');
        return 0;
      }
      case 'eliminated-list': {
        const list = await eliminatedList(stores.directory);
        for (const e of list) console.log(`${e.active ? '' : '[已撤销 withdrawn] '}${e.code}  ${e.status === 'eliminated' ? '淘汰' : '限制'}  ${e.name} — ${e.source}（${e.sourceDate}）${e.section}`);
        console.log(`共 ${list.length} 条，其中有效 ${list.filter((e) => e.active).length} 条。`);
        return 0;
      }
      case 'eliminated-import': {
        if (!values.file) throw new EliminatedListError('--file is required.');
        const { entries, errors } = readEliminatedFile(readFileSync(values.file, 'utf8'));
        for (const error of errors) console.log(`错误：${error}`);
        if (errors.length) {
          console.log(`${errors.length} 条有错误，未写入（nothing written）。`);
          return 1;
        }
        if (values.apply !== true) {
          console.log(`试导入（未写入）：${entries.length} 条，没有错误。加上 --apply 即可导入。`);
          return 0;
        }
        const { added, updated } = await importEliminated(stores.directory, entries);
        console.log(`已导入：新增 ${added} 条，更新 ${updated} 条。笔记本下次同步时获取。`);
        return 0;
      }
      case 'eliminated-withdraw':
      case 'eliminated-restore': {
        if (!values.code) throw new EliminatedListError('--code is required.');
        const entry = await setEliminatedActive(stores.directory, values.code, command === 'eliminated-restore');
        console.log(`${entry.code} ${entry.name} ${entry.active ? '已恢复 restored' : '已撤销 withdrawn'}。`);
        return 0;
      }
      case 'import-transfer': {
        if (!values.file) throw new AccountError('--file is required.');
        const receipt = await importTransfer({ ...stores, accountAdmin: admin, now: () => new Date() }, readFileSync(values.file), actor);
        const out = values.receipt ?? values.file.replace(/(\.xlt)?$/, '.receipt.xlr');
        writeFileSync(out, JSON.stringify(receipt));
        const count = (s: string) => receipt.results.filter((r) => r.status === s).length;
        const decided = (s: string) => (receipt.decisions ?? []).filter((r) => r.status === s).length;
        const decisions = receipt.decisions?.length ? ` Decisions: ${decided('applied')} applied, ${decided('duplicate')} already here, ${decided('rejected')} refused.` : '';
        console.log(`Imported: ${count('created')} new, ${count('duplicate')} already here, ${count('conflict')} in conflict, ${count('rejected')} rejected.${decisions} Receipt: ${out}`);
        return 0;
      }
      case 'register-template': {
        const out = values.out ?? TEMPLATE_FILE_NAME;
        writeFileSync(out, await registerTemplate());
        console.log(`Template written: ${out}`);
        return 0;
      }
      case 'import-register': {
        if (!values.file) throw new AccountError('--file is required.');
        const report = await importRegister(stores.client, readFileSync(values.file), values.apply === true, undefined, actor);
        printRegisterReport(report);
        return report.counts.errors > 0 ? 1 : 0;
      }
      default:
        console.error(`Unknown command ${command}.\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    return reportFailure(error);
  } finally {
    await stores.client.close();
  }
}

process.exitCode = await main();
