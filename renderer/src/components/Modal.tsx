import { useEffect, useRef, useState, type ReactNode } from 'react';

const focusable = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab cycling through the dialog's own controls (WAI-ARIA modal dialog pattern). */
function trapTab(box: HTMLElement, e: KeyboardEvent): void {
  const items = [...box.querySelectorAll<HTMLElement>(focusable)];
  const [first, last] = [items[0], items.at(-1)];
  if (!first || !last) return e.preventDefault();
  const at = document.activeElement;
  const outside = !box.contains(at);
  if (e.shiftKey && (at === first || outside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (at === last || outside)) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog over the page: Esc or a click on the backdrop closes it, Tab stays inside it, and focus goes back
 * to whatever had it before (the row or button that opened it). Put `autoFocus` on the control to start on.
 */
export function Modal({ labelledBy, onClose, className = '', testId, children }: { labelledBy: string; onClose: () => void; className?: string; testId?: string; children: ReactNode }) {
  const box = useRef<HTMLElement>(null);
  // Taken before autoFocus moves focus into the dialog (an effect would run after it).
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close.current();
      } else if (e.key === 'Tab' && box.current) trapTab(box.current, e);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [opener]);
  return (
    <div className="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section ref={box} className={`card dialog ${className}`} role="dialog" aria-modal="true" aria-labelledby={labelledBy} data-testid={testId}>
        {children}
      </section>
    </div>
  );
}
