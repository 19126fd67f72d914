/** Where a sentence ends: . ! ? ; (closing quotes kept) and a space, so "1.5" stays whole; or Chinese 。！？； at once. */
const BOUNDARY = /(?<=[.!?;]["'”’)\]]*)\s+|(?<=[。！？；]["'”’」』）]*)(?![。！？；"'”’」』）])\s*/u;

/**
 * A reply cut into sentences, so the first can be spoken while the rest are synthesised: on this machine the neural
 * voice takes 0.14 s per second of speech, so a 10 s answer would keep the callee waiting 1.4 s, its first sentence
 * about 0.3 s. A piece without a letter or digit ("...") joins the sentence before it.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(BOUNDARY).map((s) => s.trim()).filter(Boolean)) {
    if (out.length && !/[\p{L}\p{N}]/u.test(piece)) out[out.length - 1] += ` ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** A first sentence longer than this is cut at its first comma or colon as well. */
const LONG_FIRST = 24;

/**
 * The pieces a reply is spoken in: its sentences, the first cut once more at its first clause when long. Synthesis and
 * resampling take about 0.13 s per second of speech here, so a 4 s opening sentence kept the callee waiting 0.55 s;
 * "Hello," alone, 0.1 s. The voice pauses at a comma anyway, so the cut is not heard.
 */
export function speechPieces(text: string): string[] {
  const [first, ...rest] = splitSentences(text);
  if (!first) return [];
  const clause = first.length > LONG_FIRST ? /^(.+?[,:，：、])\s*(.*[\p{L}\p{N}].*)$/su.exec(first) : null;
  return clause ? [clause[1]!, clause[2]!, ...rest] : [first, ...rest];
}
