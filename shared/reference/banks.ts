/**
 * The banks officers refer firms to in Liaocheng, with the short names people write (a
 * seed: the bureau maintains the list on the server — `server:admin reference-import --kind
 * bank` or the admin's 参考目录 screen — and the directory pull carries it). One entry is
 * one bank: a step typed as 农行聊城分行 and one typed as 中国农业银行聊城分行 count as one.
 */
export interface BankSeed {
  code: string;
  name: string;
  group: string;
  aliases: readonly string[];
}

export const BANKS: readonly BankSeed[] = [
  { code: 'B-ABC', name: '中国农业银行聊城分行', group: '国有大型银行', aliases: ['农业银行聊城分行', '农行聊城分行', '农业银行', '农行'] },
  { code: 'B-ICBC', name: '中国工商银行聊城分行', group: '国有大型银行', aliases: ['工商银行聊城分行', '工行聊城分行', '工商银行', '工行'] },
  { code: 'B-CCB', name: '中国建设银行聊城分行', group: '国有大型银行', aliases: ['建设银行聊城分行', '建行聊城分行', '建设银行', '建行'] },
  { code: 'B-BOC', name: '中国银行聊城分行', group: '国有大型银行', aliases: ['中行聊城分行', '中国银行', '中行'] },
  { code: 'B-BOCOM', name: '交通银行聊城分行', group: '国有大型银行', aliases: ['交行聊城分行', '交通银行', '交行'] },
  { code: 'B-PSBC', name: '中国邮政储蓄银行聊城市分行', group: '国有大型银行', aliases: ['邮储银行聊城分行', '邮政储蓄银行聊城分行', '邮储银行', '邮储'] },
  { code: 'B-ADBC', name: '中国农业发展银行聊城市分行', group: '政策性银行', aliases: ['农发行聊城分行', '农业发展银行', '农发行'] },
  { code: 'B-CDB', name: '国家开发银行山东省分行', group: '政策性银行', aliases: ['国开行山东分行', '国家开发银行', '国开行'] },
  { code: 'B-CITIC', name: '中信银行聊城分行', group: '股份制商业银行', aliases: ['中信银行'] },
  { code: 'B-CEB', name: '中国光大银行聊城分行', group: '股份制商业银行', aliases: ['光大银行聊城分行', '光大银行'] },
  { code: 'B-CMB', name: '招商银行聊城分行', group: '股份制商业银行', aliases: ['招商银行', '招行'] },
  { code: 'B-CIB', name: '兴业银行聊城分行', group: '股份制商业银行', aliases: ['兴业银行'] },
  { code: 'B-HXB', name: '华夏银行聊城分行', group: '股份制商业银行', aliases: ['华夏银行'] },
  { code: 'B-EGB', name: '恒丰银行聊城分行', group: '股份制商业银行', aliases: ['恒丰银行'] },
  { code: 'B-QLB', name: '齐鲁银行聊城分行', group: '城市商业银行', aliases: ['齐鲁银行'] },
  { code: 'B-QDB', name: '青岛银行聊城分行', group: '城市商业银行', aliases: ['青岛银行'] },
  { code: 'B-QSB', name: '齐商银行聊城分行', group: '城市商业银行', aliases: ['齐商银行'] },
  { code: 'B-LCRCB', name: '山东聊城农村商业银行', group: '农村商业银行', aliases: ['聊城农商银行', '聊城农商行', '聊城农村商业银行'] },
];
