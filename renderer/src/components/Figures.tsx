/** Key figures as tiles: each with its id (`data-kpi`), its label and its value. */
export function Kpis({ items, testId }: { items: (readonly [id: string, label: string, value: string | number])[]; testId?: string }) {
  return (
    <div className="kpis" data-testid={testId}>
      {items.map(([id, label, value]) => (
        <div className="kpi" data-kpi={id} key={id}>
          <span className="muted small">{label}</span>
          <strong>{value}</strong>
        </div>
      ))}
    </div>
  );
}

/** Counts by key (dispositions, skip reasons), each with its label. */
export function Counts({ of, label, testId }: { of: Record<string, number>; label: (key: string) => string; testId: string }) {
  return (
    <ul className="counts" data-testid={testId}>
      {Object.entries(of).map(([k, n]) => (
        <li key={k} data-key={k}>
          <span>{label(k)}</span> <strong>{n}</strong>
        </li>
      ))}
    </ul>
  );
}
