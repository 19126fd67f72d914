import { beforeAll, describe, expect, it } from 'vitest';
import { BrainRegistry, LOW_CONFIDENCE, type CallBrain, type Language, type TurnResult } from '../../main/brain/index.ts';
import { repoRoot } from '../helpers/cli.ts';
import '../helpers/matchers.ts';

const registry = new BrainRegistry(`${repoRoot}/resources`);
const now = () => new Date('2026-11-25T02:00:00Z');

async function call(plugin: string, language: Language, mode: 'assist' | 'auto' = 'assist'): Promise<CallBrain> {
  return (await registry.brain(plugin)).startCall({ language, mode, timeZone: 'Asia/Shanghai', agent: 'Lily', now });
}

const texts = (turn: TurnResult) => turn.suggestions.map((s) => s.text);

beforeAll(async () => {
  await Promise.all([registry.brain('insurance'), registry.brain('appliances')]);
});

describe('insurance calls', () => {
  it('en: greeting -> product intro -> needs -> closing, with a quote', async () => {
    const c = await call('insurance', 'en');
    expect(c.opening()[0]!.text).toMatch(/assistant app/);
    expect(c).toBeIn('greeting');
    await c.hearCustomer('hello, who is this?');
    expect(c).toBeIn('greeting');
    await c.hearCustomer('yes sure, go ahead');
    expect(c).toBeIn('product_intro');
    const price = await c.hearCustomer('how much is the health cover?');
    expect(c).toBeIn('needs');
    expect(price.nlu.intent).toBe('ask_price');
    expect(price.slots).toMatchObject({ product: 'health' });
    expect(price.suggestions[0]).toMatchObject({ rank: 1, source: 'response', text: 'It depends on your age. May I ask how old you are?' });
    const quote = await c.hearCustomer("I'm 40 years old, what would it cost me?");
    expect(quote.slots).toMatchObject({ product: 'health', age: 40 });
    expect(quote.suggestions[0]!.text).toBe("For health cover at 40 with ¥300,000 of cover, it's ¥114 a month.");
    expect(c).toBeIn('closing');
    const yes = await c.hearCustomer("great, I'll take it");
    expect(yes.nlu.intent).toBe('ready_to_buy');
    expect(yes.outcome).toBe('sale');
    expect(texts(yes)[0]).toMatch(/^Great! Let's set up health cover now/);
  });

  it('zh-CN: 问候 -> 介绍 -> 了解需求 -> 成交', async () => {
    const c = await call('insurance', 'zh-CN');
    expect(c.opening()[0]!.text).toMatch(/辅助软件/);
    await c.hearCustomer('喂，你好，哪位？');
    await c.hearCustomer('可以，你说吧');
    expect(c).toBeIn('product_intro');
    const quote = await c.hearCustomer('我今年三十五，保五十万的意外险一个月多少钱');
    expect(quote.slots).toMatchObject({ product: 'accident', age: 35, cover: 500000 });
    expect(texts(quote)[0]).toBe('35岁、保额¥500,000的意外险，保费是每月¥50。');
    expect(c).toBeIn('closing');
    expect((await c.hearCustomer('那就办一份吧')).outcome).toBe('sale');
  });

  it('en: two objections handled with cards, then an opt-out ends the call', async () => {
    const c = await call('insurance', 'en');
    await c.hearCustomer('hi');
    await c.hearCustomer('yeah go on');
    const price = await c.hearCustomer("that's way too expensive for me");
    expect(c).toBeIn('objection_handling');
    expect(price.card).toMatchObject({ intent: 'objection_price', title: "Price: it's too expensive" });
    expect(price.suggestions.map((s) => s.source)).toContain('card');
    const trust = await c.hearCustomer('how do I know this is not a scam?');
    expect(trust.nlu.intent).toBe('objection_trust');
    expect(texts(trust)[0]).toMatch(/Sunrise Insurance is a licensed insurer/);
    expect(c).toBeIn('objection_handling');
    const out = await c.hearCustomer('please take my number off your list and never call me again');
    expect(c).toBeIn('wrap_up');
    expect(out.compliance).toEqual({ optOut: true });
    expect(out.outcome).toBe('opted_out');
    expect(out.suggestions).toHaveLength(1);
    expect(out.suggestions[0]!.text).toMatch(/won't call you again/);
  });

  it('zh-CN: 两次异议后客户要求不要再打', async () => {
    const c = await call('insurance', 'zh-CN');
    await c.hearCustomer('喂');
    await c.hearCustomer('太贵了，买不起');
    expect(c).toBeIn('objection_handling');
    await c.hearCustomer('我已经有保险了，不需要');
    expect(c).toBeIn('objection_handling');
    const out = await c.hearCustomer('以后不要再给我打电话了');
    expect(c).toBeIn('wrap_up');
    expect(out.compliance?.optOut).toBe(true);
    expect(out.suggestions[0]!.text).toMatch(/移出名单/);
  });

  it('after maxObjections the call wraps up politely', async () => {
    const c = await call('insurance', 'en');
    for (const text of ["it's too expensive", 'I already have insurance', "I don't trust phone sales"]) {
      await c.hearCustomer(text);
      expect(c).toBeIn('objection_handling');
    }
    const fourth = await c.hearCustomer("I'm busy right now, not a good time");
    expect(c).toBeIn('wrap_up');
    expect(fourth.outcome).toBe('not_interested');
  });

  it("previews a turn's answer without moving the call: the same answer the turn then gets, every step of a call", async () => {
    const c = await call('insurance', 'en');
    const lines = ['yes sure, go ahead', 'how much is the health cover?', "I'm 40 years old, what would it cost me?", "it's too expensive", 'I already have insurance', "I don't trust phone sales", "I'm busy right now, not a good time"];
    for (const text of lines) {
      const before = { state: c.state, outcome: c.outcome, slots: { ...c.slots } };
      const preview = await c.preview(text);
      expect({ state: c.state, outcome: c.outcome, slots: c.slots }).toEqual(before);
      const heard = await c.hearCustomer(text);
      expect(preview).toEqual(heard);
    }
    // The playbook really moved, through objections to its end: previews left every step to the turns.
    expect(c).toBeIn('wrap_up');
    expect((await c.preview('ok bye')).state).toBe('wrap_up');
  });

  it('answers "are you a robot" truthfully in each mode, without moving the call', async () => {
    const rep = await call('insurance', 'en', 'assist');
    const human = await rep.hearCustomer('am I talking to a robot?');
    expect(human.compliance).toEqual({ askIfBot: true });
    expect(human.suggestions[0]!.text).toBe("I'm a real person, Lily from Sunrise Insurance. I use an assistant app that helps me answer your questions.");
    expect(rep).toBeIn('greeting');
    const bot = await call('insurance', 'zh-CN', 'auto');
    expect(bot.opening()[0]!.text).toMatch(/AI智能助理.*按9/);
    const ai = await bot.hearCustomer('你是机器人吗？');
    expect(ai.suggestions[0]!.text).toMatch(/^是的，我是旭日保险的AI智能助理/);
  });

  it('a low-confidence guess warns and does not move the playbook; a confident turn then does', async () => {
    for (const [language, text] of [['en', 'my cousin sells cars'], ['zh-CN', '今天天气不错']] as const) {
      const c = await call('insurance', language);
      const guess = await c.hearCustomer(text);
      expect(guess.nlu.unknown).toBe(false);
      expect(guess.nlu.confidence).toBeLessThan(LOW_CONFIDENCE);
      expect(guess.lowConfidence).toBe(true);
      expect(guess).toMatchObject({ from: 'greeting', state: 'greeting', outcome: 'in_progress' });
      expect(c).toBeIn('greeting');
    }
    const c = await call('insurance', 'en');
    const sure = await c.hearCustomer('yes sure, go ahead');
    expect(sure.lowConfidence).toBeUndefined();
    expect(c).toBeIn('product_intro');
  });

  it('books a callback at the resolved time', async () => {
    const c = await call('insurance', 'zh-CN');
    const cb = await c.hearCustomer('我现在忙，明天下午三点再打给我吧');
    expect(cb.nlu.intent).toBe('request_callback');
    expect(cb.slots.callbackAt).toBe('2026-11-26T15:00:00+08:00');
    expect(cb.outcome).toBe('callback_scheduled');
    expect(c).toBeIn('wrap_up');
  });

  it('ticks the checklist from the rep, in either language', async () => {
    const c = await call('insurance', 'en');
    c.hearRep("Hi, my name is Lily and I'm calling from Sunrise Insurance");
    const list = c.hearRep('It costs 114 yuan a month. Shall I set that up for you?');
    expect(list.filter((i) => i.done).map((i) => i.id)).toEqual(['introduce', 'price', 'close']);
  });
});

describe('appliance calls', () => {
  it('en: greeting -> closing with the promotion price', async () => {
    const c = await call('appliances', 'en');
    await c.hearCustomer('hello?');
    await c.hearCustomer('sure');
    expect(c).toBeIn('product_intro');
    const promo = await c.hearCustomer('is there any promotion on air conditioners right now?');
    expect(promo.nlu.intent).toBe('ask_promotion');
    expect(texts(promo)[0]).toBe('Right now on the 1.5 HP inverter air conditioner: 300 yuan off and free installation this month. That makes it ¥2,699 instead of ¥2,999.');
    expect(c).toBeIn('needs');
    await c.hearCustomer('yes please');
    expect(c).toBeIn('closing');
    expect((await c.hearCustomer("ok let's do it, how do I pay")).outcome).toBe('sale');
  });

  it('zh-CN: 两次异议与退订', async () => {
    const c = await call('appliances', 'zh-CN');
    await c.hearCustomer('你好');
    const price = await c.hearCustomer('冰箱多少钱');
    expect(price.slots.product).toBe('fridge');
    expect(texts(price)[0]).toBe('400升双门冰箱的价格是¥2,499。');
    const p = await c.hearCustomer('太贵了，别家便宜多了');
    expect(p.card?.intent).toBe('objection_price');
    await c.hearCustomer('我们家冰箱刚买没多久，用不上');
    expect(c).toBeIn('objection_handling');
    const out = await c.hearCustomer('别再打了，把我号码删掉');
    expect(out.compliance?.optOut).toBe(true);
    expect(c).toBeIn('wrap_up');
  });
});
