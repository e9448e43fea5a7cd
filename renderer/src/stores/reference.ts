import { useEffect, useState } from 'react';
import type { EliminatedEntry } from '../../../shared/reference/eliminated-products';
import { call } from '../api';
import { bridge } from '../bridge';

export type ReferenceKind = 'green_product' | 'policy' | 'department' | 'bank';
export interface ReferenceItem {
  code: string;
  name: string;
  group: string;
  aliases?: string[];
}

const cache = new Map<ReferenceKind, Promise<ReferenceItem[]>>();
// A directory pull may bring new lists: read them again next time.
let eliminated: Promise<EliminatedEntry[]> | null = null;
bridge.on('directory.changed', () => {
  cache.clear();
  eliminated = null;
});

/** Reference lists (green products, policies, departments) from the store; read once per session. */
export function useReference(kind: ReferenceKind): ReferenceItem[] {
  const [items, setItems] = useState<ReferenceItem[]>([]);
  useEffect(() => {
    let current = true;
    if (!cache.has(kind)) cache.set(kind, call('reference.list', { kind }).catch(() => (cache.delete(kind), [])));
    void cache.get(kind)!.then((list) => current && setItems(list));
    return () => {
      current = false;
    };
  }, [kind]);
  return items;
}

/** Options grouped the way Ant Design's Select shows groups. */
export function groupedOptions(items: ReferenceItem[], value: (i: ReferenceItem) => string = (i) => i.name) {
  const groups = new Map<string, { label: string; value: string }[]>();
  for (const item of items) groups.set(item.group, [...(groups.get(item.group) ?? []), { label: item.name, value: value(item) }]);
  return [...groups].map(([label, options]) => ({ label, options }));
}

/** The eliminated-products list with status, source and keywords; read once per session. */
export function useEliminatedList(): EliminatedEntry[] {
  const [items, setItems] = useState<EliminatedEntry[]>([]);
  useEffect(() => {
    let current = true;
    eliminated ??= call('reference.eliminated', {}).catch(() => ((eliminated = null), []));
    void eliminated.then((list) => current && setItems(list));
    return () => {
      current = false;
    };
  }, []);
  return items;
}
