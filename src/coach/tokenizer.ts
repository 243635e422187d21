import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

/** One word or mark of a message, as the detector sees it. */
export interface Token {
  /** Lower-cased surface form, contractions expanded ("wasn't" → "was", "not"). */
  normal: string;
  /** Dictionary form ("waited" → "wait"). */
  lemma: string;
  /** Universal part-of-speech tag (NOUN, VERB, ADJ…). */
  pos: string;
  isNumber: boolean;
  isPunctuation: boolean;
  /** Not in the English model's vocabulary: a candidate for typo correction. */
  unknown: boolean;
  /** Inside the scope of a negation ("did not get *their wine*"), as wink-nlp marks it. */
  negated: boolean;
}

/** A whole message as read: its tokens and wink-nlp's lexicon sentiment (-1 … 1, negation-aware). */
export interface ReadText {
  tokens: Token[];
  sentiment: number;
}

export interface Tokenizer {
  tokenize(text: string): Token[];
  /** Tokens plus document-level signals; tokenizers without them report a neutral sentiment. */
  read?(text: string): ReadText;
}

/**
 * wink-nlp with its English model: tokenising, contraction expansion and lemmas. Words the model has not seen are
 * added to its cache; after `maxUnknown` of them the instance is rebuilt so a long-running process stays flat.
 */
export class WinkTokenizer implements Tokenizer {
  private nlp: WinkMethods;
  private knownLimit: number;
  private readonly maxUnknown: number;

  constructor(options: { maxUnknown?: number } = {}) {
    this.maxUnknown = options.maxUnknown ?? 50_000;
    this.nlp = winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
    this.knownLimit = this.firstUnknownId();
  }

  tokenize(text: string): Token[] {
    return this.read(text).tokens;
  }

  read(text: string): ReadText {
    const its = this.nlp.its;
    const doc = this.nlp.readDoc(text);
    const tokens = doc.tokens();
    const normals = tokens.out(its.normal) as string[];
    const lemmas = tokens.out(its.lemma as never) as string[];
    const types = tokens.out(its.type) as string[];
    const tags = tokens.out(its.pos) as string[];
    const ids = tokens.out(its.uniqueId) as unknown as number[];
    const negations = tokens.out(its.negationFlag) as unknown as boolean[];
    const result: Token[] = new Array(normals.length);
    let highest = 0;
    for (let i = 0; i < normals.length; i++) {
      const id = ids[i]!;
      if (id > highest) highest = id;
      result[i] = {
        normal: normals[i]!,
        lemma: lemmas[i] ?? normals[i]!,
        pos: tags[i] ?? '',
        isNumber: types[i] === 'number' || types[i] === 'ordinal',
        isPunctuation: types[i] === 'punctuation',
        unknown: id >= this.knownLimit && types[i] === 'word',
        negated: negations[i] === true,
      };
    }
    if (highest - this.knownLimit > this.maxUnknown) this.rebuild();
    return { tokens: result, sentiment: Number(doc.out(its.sentiment)) || 0 };
  }

  private rebuild(): void {
    this.nlp = winkNLP(model, ['sbd', 'negation', 'sentiment', 'pos']);
    this.knownLimit = this.firstUnknownId();
  }

  /** The model numbers its own lexemes first; anything above is a word it learned from our input. */
  private firstUnknownId(): number {
    const probe = this.nlp.readDoc('qzxqvjw').tokens().out(this.nlp.its.uniqueId) as unknown as number[];
    return probe[0]!;
  }
}

let shared: WinkTokenizer | undefined;

/** The process-wide tokenizer: the model takes ~150 ms and ~60 MB to load, so every detector shares one. */
export function sharedTokenizer(): WinkTokenizer {
  shared ??= new WinkTokenizer();
  return shared;
}
