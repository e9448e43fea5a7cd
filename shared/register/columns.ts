import type { CHAIN_SEGMENTS, KEY_TIERS, ZJTX_LEVELS } from '../domain/firm';

/**
 * The bureau's register as a spreadsheet: its Chinese column headers, in template
 * order, and the words each coded column accepts. One source for the importer (server
 * and admin command line) and the template workbook.
 */
export const REGISTER_COLUMNS = [
  { key: 'name', header: '企业名称', required: true, example: '聊城预拌混凝土有限公司' },
  { key: 'creditCode', header: '统一社会信用代码', required: true, example: '91371502MA3C1B2K52' },
  { key: 'county', header: '所属县（市、区）', required: true, example: '东昌府区' },
  { key: 'address', header: '地址', required: false, example: '东昌府区北城街道建设路88号' },
  { key: 'segment', header: '产业链环节', required: true, example: '中游制造' },
  { key: 'categories', header: '产品类别', required: false, example: '预拌混凝土、预拌砂浆' },
  { key: 'keyTier', header: '重点企业层级', required: false, example: '重点企业' },
  { key: 'zjtx', header: '专精特新', required: false, example: '省级专精特新' },
  { key: 'contact', header: '联系人', required: false, example: '王建国' },
  { key: 'contactRole', header: '职务', required: false, example: '总经理' },
  { key: 'phone', header: '联系电话', required: false, example: '0635-8888888' },
  { key: 'certProduct', header: '认证产品', required: false, example: '预拌混凝土' },
  { key: 'certStars', header: '星级', required: false, example: '3' },
  { key: 'certNo', header: '证书编号', required: false, example: 'LJC-2023-GBM-0101' },
  { key: 'certValidUntil', header: '有效期至', required: false, example: '2028-06-30' },
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number]['key'];

/** Header spellings seen in bureaus' own lists, mapped to the template's. */
export const HEADER_ALIASES: Record<string, RegisterColumn> = {
  企业名称: 'name',
  单位名称: 'name',
  统一社会信用代码: 'creditCode',
  信用代码: 'creditCode',
  '所属县（市、区）': 'county',
  '所属县(市、区)': 'county',
  所属县市区: 'county',
  所属区县: 'county',
  县市区: 'county',
  地址: 'address',
  企业地址: 'address',
  产业链环节: 'segment',
  产品类别: 'categories',
  主要产品: 'categories',
  重点企业层级: 'keyTier',
  专精特新: 'zjtx',
  专精特新层级: 'zjtx',
  联系人: 'contact',
  职务: 'contactRole',
  联系电话: 'phone',
  电话: 'phone',
  认证产品: 'certProduct',
  星级: 'certStars',
  证书编号: 'certNo',
  有效期至: 'certValidUntil',
  有效期: 'certValidUntil',
};

/** The words a cell may hold for each coded value (the catalogue's names, and common variants). */
export const SEGMENT_WORDS: Record<string, (typeof CHAIN_SEGMENTS)[number]> = {
  上游原材料: 'upstream', 上游: 'upstream', upstream: 'upstream',
  中游制造: 'midstream', 中游: 'midstream', midstream: 'midstream',
  下游应用: 'downstream', 下游: 'downstream', downstream: 'downstream',
};
export const KEY_TIER_WORDS: Record<string, (typeof KEY_TIERS)[number]> = {
  '': 'none', 无: 'none', '—': 'none', '-': 'none', 否: 'none', none: 'none',
  培育企业: 'cultivated', 重点培育: 'cultivated', 重点培育企业: 'cultivated', cultivated: 'cultivated',
  重点企业: 'key', 重点: 'key', key: 'key',
};
export const ZJTX_WORDS: Record<string, (typeof ZJTX_LEVELS)[number]> = {
  '': 'none', 无: 'none', '—': 'none', '-': 'none', 否: 'none', none: 'none',
  创新型中小企业: 'innovative', innovative: 'innovative',
  省级专精特新: 'provincial', 省级: 'provincial', 省级专精特新中小企业: 'provincial', provincial: 'provincial',
  国家级小巨人: 'little_giant', 小巨人: 'little_giant', '国家级专精特新“小巨人”': 'little_giant', '国家级专精特新"小巨人"': 'little_giant', little_giant: 'little_giant',
};
