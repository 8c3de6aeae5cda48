import type { FormHTMLAttributes, KeyboardEvent as ReactKeyboardEvent } from 'react';

type AnyKeyboardEvent = KeyboardEvent | ReactKeyboardEvent;

/** True while an input method (Japanese, Chinese, Korean…) owns the key: its Enter commits the text, it is no command. */
export function isComposing(e: AnyKeyboardEvent): boolean {
  const native = 'nativeEvent' in e ? e.nativeEvent : e;
  // keyCode 229 means the key went to the IME; Safari sends the committing Enter after compositionend,
  // with isComposing already false but still 229.
  return native.isComposing || native.keyCode === 229;
}

/** An Enter the user means as "do it": never the Enter that commits an IME composition. */
export function isEnter(e: AnyKeyboardEvent): boolean {
  return e.key === 'Enter' && !isComposing(e);
}

/** Ctrl+Enter (Cmd+Enter on a Mac), outside an IME composition: "save" in a multi-line field. */
export function isSaveEnter(e: AnyKeyboardEvent): boolean {
  return isEnter(e) && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}

/**
 * A form whose implicit submission (Enter in one of its fields) ignores an IME's Enter. Every form
 * with a text field uses this instead of a bare form (test/unit/components/enter-key.test.tsx checks).
 */
export function Form({ onKeyDown, ...props }: FormHTMLAttributes<HTMLFormElement>) {
  return (
    <form
      {...props}
      onKeyDown={(e) => {
        // Cancelling the keydown cancels the implicit submission it would cause; the IME keeps its text.
        if (e.key === 'Enter' && isComposing(e)) e.preventDefault();
        onKeyDown?.(e);
      }}
    />
  );
}
