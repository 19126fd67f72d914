import { useCallback, useEffect, useState } from 'react';
import type { TeamHandoff } from '../../../preload/contract.ts';

/** The latest handoff cards (warm transfers put through to this person), newest first, until dismissed. */
const KEEP = 3;

export function useHandoffs(): { handoffs: TeamHandoff[]; dismiss: (id: number) => void } {
  const [handoffs, setHandoffs] = useState<TeamHandoff[]>([]);
  useEffect(() => window.callcue.on('team.handoff', (h) => setHandoffs((now) => [h, ...now.filter((x) => x.id !== h.id)].slice(0, KEEP))), []);
  const dismiss = useCallback((id: number) => setHandoffs((now) => now.filter((h) => h.id !== id)), []);
  return { handoffs, dismiss };
}
