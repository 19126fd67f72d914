import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CallModel, CallView } from './model.ts';

export const CallContext = createContext<CallModel | null>(null);

/** The call model and its current view; re-renders when the view changes. */
export function useCall(): [CallView, CallModel] {
  const model = useContext(CallContext);
  if (!model) throw new Error('useCall outside CallContext');
  return [useSyncExternalStore(model.subscribe, () => model.view), model];
}
