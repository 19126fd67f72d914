/**
 * The one IPC contract between the renderer and the core services.
 * Main validates every request against these schemas; preload and the browser dev bridge
 * build `window.callcue` from the channel names; the renderer gets the types.
 * Channel `a.b` becomes `window.callcue.a.b(request)`.
 */
import { z } from 'zod';

/** A translatable message: a locale key plus its interpolation values. */
export const Message = z.object({
  key: z.string(),
  vars: z.record(z.string(), z.string()).optional(),
});
export type Message = z.infer<typeof Message>;

export const CheckStatus = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const DoctorCheck = z.object({
  id: z.enum(['node', 'electron', 'model', 'sqlite', 'audio', 'gpu']),
  status: CheckStatus,
  /** Facts found (versions, paths, sizes): shown as they are, in any language. */
  found: z.string(),
  /** What to do about a warn or fail. */
  hint: Message.optional(),
  /** Machine-readable details for `--json` and support tickets. */
  details: z.record(z.string(), z.unknown()).default({}),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const DoctorReport = z.object({
  checks: z.array(DoctorCheck),
  ok: z.boolean(),
  tookMs: z.number(),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** OS locale, used for the first choice of UI language. */
  osLocale: z.string(),
  runtime: z.enum(['electron', 'node']),
});
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = z.object({}).strict();

export const contract = {
  'app.info': { request: Empty, response: AppInfo },
  'doctor.run': { request: z.object({ checks: z.array(DoctorCheck.shape.id).optional() }).strict(), response: DoctorReport },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<Contract[C]['response']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export interface ErrorInfo {
  code: string;
  message: string;
}

/** Handlers never throw across the boundary: they answer with an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

type Namespace<C extends string> = C extends `${infer NS}.${string}` ? NS : never;
type Method<C extends string, NS extends string> = C extends `${NS}.${infer M}` ? M : never;

/** `window.callcue`: one named method per channel, grouped by namespace. */
export type CallcueApi = {
  [NS in Namespace<Channel>]: {
    [M in Method<Channel, NS>]: `${NS}.${M}` extends infer C extends Channel
      ? (request?: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>>
      : never;
  };
};

/** Sends one request over a transport (Electron IPC or the dev bridge's WebSocket). */
export type Invoke = (channel: Channel, request: unknown) => Promise<Envelope<unknown>>;

/** Builds the named-method API over any transport; used by preload and by the browser dev bridge. */
export function buildApi(invoke: Invoke): CallcueApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<Envelope<unknown>>>> = {};
  for (const channel of channels) {
    const [ns, method] = channel.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][method] = (request) => invoke(channel, request ?? {});
  }
  return api as unknown as CallcueApi;
}
