/** The few parts of the `sentiment` package the baseline uses (it ships no types). */
declare module 'sentiment' {
  export default class Sentiment {
    analyze(text: string): { score: number; comparative: number };
  }
}
