import { expect } from 'vitest';

interface StateHolder {
  state: string;
}

expect.extend({
  /** `expect(call).toBeIn('closing')`: the playbook is in that state. */
  toBeIn(received: StateHolder, state: string) {
    return { pass: received.state === state, message: () => `expected the call to be in "${state}", but it is in "${received.state}"` };
  },
});

declare module 'vitest' {
  interface Assertion {
    toBeIn(state: string): void;
  }
}
