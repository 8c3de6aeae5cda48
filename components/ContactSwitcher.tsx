import type { Person } from '@/lib/protocol';
import { useI18n } from './i18n';

interface Props {
  people: Person[];
  selected: string | null;
  onSelect(email: string): void;
}

/** The thread's external participants, as tabs; arrow keys move between them. */
export function ContactSwitcher({ people, selected, onSelect }: Props) {
  const { t } = useI18n();
  if (people.length < 2) return null;
  const move = (delta: number) => {
    const index = people.findIndex((p) => p.email === selected);
    const next = people[(index + delta + people.length) % people.length];
    onSelect(next.email);
    document.getElementById(`person-${next.email}`)?.focus();
  };
  return (
    <div className="switcher" role="tablist" aria-label={t('participants')}>
      {people.map((p) => (
        <button
          key={p.email}
          id={`person-${p.email}`}
          role="tab"
          type="button"
          aria-selected={p.email === selected}
          tabIndex={p.email === selected ? 0 : -1}
          title={p.email}
          onClick={() => onSelect(p.email)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowDown') move(1);
            else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') move(-1);
          }}
        >
          {p.name || p.email}
        </button>
      ))}
    </div>
  );
}
