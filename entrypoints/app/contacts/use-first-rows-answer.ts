import { useEffect, useRef } from 'react';
import { answerFirstRows, type FirstRowsAnswerer } from '@/lib/team/first-rows';
import { afterPaint } from '../../sidebar/live-source';

/**
 * Tells a joining sync host when this list's rows are on screen (lib/team/first-rows.ts): it writes nothing more until
 * then, so the list's read of the first rows waits for no other write. Rows in the DOM are on screen a frame later.
 */
export function useFirstRowsAnswer(rowsRead: boolean): void {
  const answerer = useRef<FirstRowsAnswerer | null>(null);
  useEffect(() => {
    const answering = answerFirstRows(() => document.visibilityState === 'visible');
    answerer.current = answering;
    return () => {
      answering.stop();
      answerer.current = null;
    };
  }, []);
  useEffect(() => {
    if (!rowsRead) return void answerer.current?.show(false);
    let current = true;
    afterPaint(() => current && answerer.current?.show(true));
    return () => {
      current = false;
    };
  }, [rowsRead]);
}
