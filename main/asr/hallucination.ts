/**
 * Whisper's known inventions on silence, music and noise: subtitle credits, "thanks for watching", lone punctuation.
 * A transcript that is only one of these is dropped; the VAD already keeps most silence away.
 */
const phrases = [
  /^(thank you|thanks)( (so|very) much)?( for watching| for listening)?[.!]*$/i,
  /^(please )?(like and )?subscribe[^]*$/i,
  /^(subtitles?|captions?) (by|from)\b/i,
  /^you$/i,
  /^(\[|\()?(music|applause|laughter|silence|blank_audio|inaudible)(\]|\))?\.?$/i,
  /^(谢谢|謝謝)(观看|觀看|收看|大家)[!！。]*$/,
  /^(字幕|字幕由|字幕提供)/,
  /^(请|請)(不吝)?(点赞|點贊|订阅|訂閱)/,
  /^(明镜|明鏡)与点点栏目/,
  // The engine's own simplified-Chinese prompt, echoed back on speech it cannot make out (measured on synthetic Mandarin).
  /^以下是普通话的句子[。.]?$/,
];

export function isHallucination(text: string, prob: number, minProb = 0.2): boolean {
  const t = text.trim();
  if (!t || /^[\p{P}\p{S}\s]+$/u.test(t)) return true;
  if (prob < minProb) return true;
  return phrases.some((re) => re.test(t));
}
