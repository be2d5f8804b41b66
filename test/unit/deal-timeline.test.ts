// The deal file's timeline: newest day first, then the latest moment, undated events last within their day.
import { timeline, type TimelineEvent } from '../../src/domain/deal-timeline';

const e = (date: string, at: string | null, title: string): TimelineEvent => ({
  date,
  at,
  kind: 'quotation',
  title,
  detail: null,
  by: null,
  documentId: null,
});

it('orders by day, then moment, with undated events last within their day', () => {
  const ordered = timeline([
    e('2026-11-01', '2026-11-01T02:00:00.000Z', 'a'),
    e('2026-11-02', null, 'visit'),
    e('2026-11-02', '2026-11-02T09:00:00.000Z', 'late'),
    e('2026-11-02', '2026-11-02T01:00:00.000Z', 'early'),
  ]);
  expect(ordered.map((x) => x.title)).toEqual(['late', 'early', 'visit', 'a']);
});
