// What changed in an agreement clause between an earlier text and the current one (contracts.md §6.4): a unified
// line diff of the text, and whether the title changed.
import { createTwoFilesPatch } from 'diff';

export interface ClauseText {
  title: string;
  text: string;
}

export function clauseDiff(
  before: ClauseText,
  after: ClauseText,
): { titleChanged: boolean; titleBefore: string; titleAfter: string; diff: string } {
  // Sentences on their own lines, so a one-word edit in a long paragraph shows as one changed sentence.
  const lines = (text: string) => `${text.replace(/([.;])\s+/g, '$1\n')}\n`;
  return {
    titleChanged: before.title !== after.title,
    titleBefore: before.title,
    titleAfter: after.title,
    diff: createTwoFilesPatch('sebelum', 'sesudah', lines(before.text), lines(after.text), undefined, undefined, {
      context: 2,
    }),
  };
}
