import { en } from '../../shared/i18n/en';
import { zhCN } from '../../shared/i18n/zh-CN';

/** Every string leaf of a catalogue. */
function leaves(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(leaves);
  return [];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A catalogue string as a pattern: each {{value}} stands for any text without a separator. */
function template(text: string): string {
  return text
    .split(/\{\{\s*\w+\s*\}\}/)
    .map(escape)
    .join('[^·\\n]+?');
}

function matcher(catalogue: object): { piece: RegExp; line: RegExp } {
  const any = `(?:${leaves(catalogue).map(template).join('|')})`;
  return { piece: new RegExp(`^${any}(?: · ${any})*$`), line: new RegExp(`^${any}$`) };
}

export const CATALOGUES = { 'zh-CN': { strings: zhCN, ...matcher(zhCN) }, en: { strings: en, ...matcher(en) } } as const;
export type Lang = keyof typeof CATALOGUES;

/** Developer wording that must never reach an officer's screen. */
export const TECHNICAL = /network:|fetch failed|terminated|timed out|captive portal\?|HTTP \d|JSON|ECONN|undefined|null|\[object/;
