import { useEffect, useState, type RefObject } from 'react';

/** The printed pages' own font (Noto Sans SC, SIL OFL 1.1), bundled with the renderer. */
export const REPORT_FONT = 'Noto Sans SC';

/**
 * True once the bundled font's pieces for this page's text are loaded: printing
 * before would print a fallback font. Checked again whenever `content` changes.
 */
export function usePrintFontsReady(root: RefObject<HTMLElement | null>, content: unknown): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const text = root.current?.textContent; // textContent, not innerText: it includes charts' SVG labels
    if (!text) return;
    let live = true;
    const loads = ['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "${REPORT_FONT}"`, text));
    void Promise.allSettled(loads).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [root, content]);
  return ready;
}
